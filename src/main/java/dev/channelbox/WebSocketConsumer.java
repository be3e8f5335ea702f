package dev.channelbox;

import dev.channelbox.internal.ConsumerAccess;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A class-based WebSocket endpoint, Nexios's recommended style. Annotate a subclass with
 * {@link WebSocketRoute}; every connection gets its own instance, created by CDI ({@code @Inject}
 * fields and constructors work, {@code @PostConstruct} runs before {@code onConnect} and
 * {@code @PreDestroy} after the connection ended).
 *
 * <pre>{@code
 * @WebSocketRoute("/consumer/{room_name}")
 * public class ChatEndpoint extends WebSocketConsumer<Map<String, Object>> {
 *     public void onConnect(WebSocket ws) {
 *         ws.accept();
 *         String room = ws.pathParams().get("room_name");
 *         joinGroup(room);
 *         broadcast(Map.of("system", "New user joined " + room), room);
 *     }
 *     public void onReceive(WebSocket ws, Map<String, Object> data) { ... }
 *     public void onDisconnect(WebSocket ws, int closeCode) { ... }
 * }
 * }</pre>
 *
 * <h2>Encoding</h2>
 * {@code T} is what {@link #onReceive} gets. The {@link #encoding()} defaults from it:
 * {@code String} gives {@link PayloadType#TEXT}, {@code byte[]} gives {@link PayloadType#BYTES},
 * anything else {@link PayloadType#JSON}, decoded with JSON-B (a {@code Map}, a
 * {@code jakarta.json.JsonValue}, a record or class of yours). A frame JSON-B cannot decode goes to
 * {@link #onInvalidMessage} (by default answered with {@code {"status":"error","message":"Invalid JSON"}}
 * and the connection stays open). A frame of the wrong type (binary for a JSON or text consumer,
 * text for a bytes consumer) closes the connection with 1003.
 *
 * <h2>Lifecycle and threads</h2>
 * The container calls {@code onConnect}, then {@code onReceive} once per message in arrival order,
 * then {@code onDisconnect} with the close code, one call at a time for a given connection, so the
 * instance needs no locking of its own. {@code onConnect} must call {@code ws.accept()} (the default
 * does), otherwise the connection is closed with 1008. The consumer's {@link Channel} exists from
 * {@code accept()} on; while {@code onDisconnect} runs it is still a member of its groups (it can
 * tell them it leaves) and it leaves all of them right after. To report how many remain, leave first
 * and then count ({@code leaveGroup(room); group(room).size()}): another connection closing at the
 * same moment is then never counted.
 * An exception thrown by any of these methods closes this connection with 1011 and is logged; other
 * connections are not affected. The container's thread runs these methods: block in them only
 * briefly.
 *
 * @param <T> the type of inbound messages
 */
public abstract class WebSocketConsumer<T> {

    static {
        ConsumerAccess.install(new ConsumerAccess() {
            @Override
            public void bind(WebSocketConsumer<?> consumer, WebSocket ws, ChannelBox box, PayloadType inferred) {
                consumer.ws = ws;
                consumer.box = box;
                consumer.inferredEncoding = inferred;
            }

            @Override
            public PayloadType encoding(WebSocketConsumer<?> consumer) {
                return Objects.requireNonNull(consumer.encoding(), "encoding() returned null");
            }

            @Override
            public Duration expires(WebSocketConsumer<?> consumer) {
                return consumer.expires();
            }

            @Override
            @SuppressWarnings("unchecked")
            public void receive(WebSocketConsumer<?> consumer, WebSocket ws, Object data) {
                ((WebSocketConsumer<Object>) consumer).onReceive(ws, data);
            }

            @Override
            public void invalidMessage(WebSocketConsumer<?> consumer, WebSocket ws, RuntimeException error) {
                consumer.onInvalidMessage(ws, error);
            }
        });
    }

    // Written once by the container thread that opens the connection, before onConnect; read
    // afterwards by the same or later container threads (the container orders endpoint callbacks).
    private WebSocket ws;
    private ChannelBox box;
    private PayloadType inferredEncoding = PayloadType.JSON;

    /** For subclasses. */
    protected WebSocketConsumer() {
    }

    /** How this consumer's messages are framed; defaults from {@code T} (see the class comment). */
    protected PayloadType encoding() {
        return inferredEncoding;
    }

    /**
     * The channel's inactivity timeout: when it has neither received nor sent for this long it is
     * closed with 1001. {@code null} (the default): never.
     */
    protected Duration expires() {
        return null;
    }

    /** The connection opened. Call {@code ws.accept()} (the default does just that). */
    public void onConnect(WebSocket ws) {
        ws.accept();
    }

    /** A message arrived, decoded per {@link #encoding()}. */
    public void onReceive(WebSocket ws, T data) {
    }

    /**
     * The connection closed with {@code closeCode} (1006 when the peer vanished without a close
     * frame). The channel is still in its groups while this runs (unless it leaves them here), and
     * leaves them afterwards.
     */
    public void onDisconnect(WebSocket ws, int closeCode) {
    }

    /**
     * A JSON frame could not be decoded into {@code T}. By default replies
     * {@code {"status":"error","message":"Invalid JSON"}} and keeps the connection open.
     *
     * @param error the JSON-B exception
     */
    protected void onInvalidMessage(WebSocket ws, RuntimeException error) {
        ws.sendJson(Map.of("status", "error", "message", "Invalid JSON"));
    }

    /** Adds this connection's channel to {@code group}. */
    protected JoinStatus joinGroup(String group) {
        return box().addChannelToGroup(channel(), group);
    }

    /**
     * Adds this connection's channel to {@code group}, first queueing what it missed since
     * {@code since}; see {@link ChannelBox#addChannelToGroup(Channel, String, Position)}.
     */
    protected RecoveringJoin joinGroup(String group, Position since) {
        return box().addChannelToGroup(channel(), group, since);
    }

    /** Removes this connection's channel from {@code group}. */
    protected LeaveStatus leaveGroup(String group) {
        return box().removeChannelFromGroup(channel(), group);
    }

    /** Sends to every member of {@code group}, this channel included, without saving history. */
    protected GroupSendResult broadcast(Object payload, String group) {
        return box().groupSend(group, payload, false);
    }

    /** Sends to every member of {@code group}, this channel included; see {@link ChannelBox#groupSend}. */
    protected GroupSendResult broadcast(Object payload, String group, boolean saveHistory) {
        return box().groupSend(group, payload, saveHistory);
    }

    /** The members of {@code group} (a snapshot). */
    protected Set<Channel> group(String group) {
        return box().group(group);
    }

    /** Sends to the channel with that id; see {@link ChannelBox#sendTo}. */
    protected SendStatus sendTo(String channelId, Object payload) {
        return box().sendTo(channelId, payload);
    }

    /**
     * This connection's channel.
     *
     * @throws IllegalStateException before {@code ws.accept()}
     */
    protected Channel channel() {
        return websocket().channel()
                .orElseThrow(() -> new IllegalStateException("call ws.accept() before using the channel"));
    }

    /** This consumer's connection. */
    protected WebSocket websocket() {
        if (ws == null) {
            throw new IllegalStateException("the consumer is not connected yet (use it from onConnect on)");
        }
        return ws;
    }

    /** The {@link ChannelBox} this consumer's channel belongs to. */
    protected ChannelBox channelBox() {
        return box();
    }

    private ChannelBox box() {
        if (box == null) {
            throw new IllegalStateException("the consumer is not connected yet (use it from onConnect on)");
        }
        return box;
    }
}

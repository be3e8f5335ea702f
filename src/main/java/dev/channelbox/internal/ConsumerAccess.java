package dev.channelbox.internal;

import dev.channelbox.ChannelBox;
import dev.channelbox.PayloadType;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;

import java.time.Duration;

/**
 * The runtime's door into {@link WebSocketConsumer}'s non-public members, so the public class keeps
 * a user-facing surface only. Installed by {@code WebSocketConsumer}'s static initialiser, which has
 * run by the time any consumer instance exists.
 */
public abstract class ConsumerAccess {

    private static volatile ConsumerAccess instance;

    public static void install(ConsumerAccess access) {
        instance = access;
    }

    static ConsumerAccess get() {
        return instance;
    }

    public abstract void bind(WebSocketConsumer<?> consumer, WebSocket ws, ChannelBox box, PayloadType inferred);

    public abstract PayloadType encoding(WebSocketConsumer<?> consumer);

    public abstract Duration expires(WebSocketConsumer<?> consumer);

    public abstract void receive(WebSocketConsumer<?> consumer, WebSocket ws, Object data);

    public abstract void invalidMessage(WebSocketConsumer<?> consumer, WebSocket ws, RuntimeException error);
}

package dev.channelbox.internal;

import dev.channelbox.PayloadType;
import dev.channelbox.SendStatus;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketDisconnect;

import jakarta.websocket.Session;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link WebSocket} methods that only translate the API into a connection's own operations
 * (typed receives over {@link #take()}, sends as frames for {@link #offer(Frame)}, the close overloads
 * over {@link #closeOnce}), and the connection's request data, fixed at the handshake. Its only state
 * is that immutable data, safe on any thread; {@link Connection} holds the rest.
 */
abstract class WebSocketFacade implements WebSocket {

    private final String id;
    private final Session session;
    private final HandshakeData handshake;
    private final String queryString;
    private final Map<String, String> queryParams;
    private final Map<String, String> pathParams;

    /** @param id unique across the application's nodes (the broker makes it) */
    WebSocketFacade(String id, Session session, HandshakeData handshake) {
        this.id = id;
        this.session = session;
        this.handshake = handshake;
        String q = session.getQueryString();
        this.queryString = q == null ? "" : q;
        this.queryParams = QueryString.parse(queryString);
        this.pathParams = Map.copyOf(session.getPathParameters());
    }

    /** The next inbound message ({@code String} or {@code byte[]}), waiting for one. */
    abstract Object take();

    /** Queues a frame in the outbox. */
    abstract SendStatus offer(Frame frame);

    /** Starts the close; true for the call that started it. */
    abstract boolean closeOnce(int code, String reason);

    abstract JsonCodec codec();

    /** The payload encoded once, as every payload type. */
    abstract OutboundMessage encode(Object payload);

    @Override
    public String receiveText() {
        Object m = take();
        if (m instanceof String s) {
            return s;
        }
        throw wrongFrame("expected a text message");
    }

    @Override
    public byte[] receiveBytes() {
        Object m = take();
        if (m instanceof byte[] b) {
            return b;
        }
        throw wrongFrame("expected a binary message");
    }

    @Override
    public <T> T receiveJson(Class<T> type) {
        return codec().fromJson(receiveText(), type);
    }

    @Override
    public <T> T receiveJson(Type type) {
        return codec().fromJson(receiveText(), type);
    }

    @Override
    public SendStatus sendText(String text) {
        return offer(Frame.Text.of(requireSendable(text, "text")));
    }

    @Override
    public SendStatus sendBytes(byte[] bytes) {
        return offer(new Frame.Binary(ByteBuffer.wrap(requireSendable(bytes, "bytes").clone())));
    }

    @Override
    public SendStatus sendBytes(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(requireSendable(bytes, "bytes").remaining()).put(bytes.duplicate()).flip();
        return offer(new Frame.Binary(copy));
    }

    @Override
    public SendStatus sendJson(Object payload) {
        requireSendable(payload, "payload");
        return offer(encode(payload).frameFor(PayloadType.JSON));
    }

    @Override
    public void close() {
        close(1000, "");
    }

    @Override
    public void close(int code, String reason) {
        closeOnce(code, reason);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Client client() {
        return handshake.client();
    }

    @Override
    public Map<String, String> headers() {
        return handshake.headers();
    }

    @Override
    public String queryString() {
        return queryString;
    }

    @Override
    public Map<String, String> queryParams() {
        return queryParams;
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public Optional<Principal> principal() {
        Optional<Principal> fromGuard = handshake.verdict().identity();
        return fromGuard.isPresent() ? fromGuard : Optional.ofNullable(session.getUserPrincipal());
    }

    private WebSocketDisconnect wrongFrame(String reason) {
        close(1003, reason);
        return new WebSocketDisconnect(1003, reason);
    }

    private static <T> T requireSendable(T value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " must not be null");
        }
        return value;
    }
}

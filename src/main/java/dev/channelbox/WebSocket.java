package dev.channelbox;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * One WebSocket connection, as seen by a consumer or a route handler.
 *
 * <h2>Lifecycle</h2>
 * The HTTP upgrade has happened when user code first sees the connection, but Nexios's contract
 * holds: until {@link #accept()} is called nothing is delivered to or from it. Messages that arrive
 * before are held (within the outbox limits) and handed over after; sending before accepting throws
 * {@link IllegalStateException}. A consumer whose {@code onConnect} returns without accepting, or a
 * handler that returns without accepting, has its connection closed with <b>1008</b> and the reason
 * {@code "connection not accepted"}. A handler that returns after accepting closes it with 1000.
 *
 * <h2>Receiving (route handlers)</h2>
 * {@code receive*} block the handler's thread until a message arrives and throw
 * {@link WebSocketDisconnect} with the close code once the connection has closed. A message of the
 * wrong frame type (binary where text was asked, or the reverse) closes the connection with
 * <b>1003</b> and throws {@code WebSocketDisconnect}. Consumers receive through
 * {@link WebSocketConsumer#onReceive} instead; calling {@code receive*} on a consumer's connection
 * throws {@code IllegalStateException}.
 *
 * <h2>Sending</h2>
 * Sends never wait for the network. Each connection has an <em>outbox</em>: a queue bounded in
 * messages and bytes ({@link ChannelBoxConfig}), written to the peer one message at a time in the
 * order queued, whatever the thread calling. The result says what happened; when the outbox is full
 * the overflow policy applies (by default the connection is closed with <b>1008</b>,
 * {@code "outbox overflow"}), so a slow reader can never exhaust the server's memory.
 * {@link #close(int, String)} is queued behind the messages sent before it.
 *
 * <h2>Threads</h2>
 * Every method is safe to call from any thread.
 *
 * <h2>Close codes used by ChannelBox</h2>
 * <ul>
 *   <li>1000 a handler returned after accepting, or {@link #close()};</li>
 *   <li>1001 the server stops ({@link ChannelBox#closeAllConnections()}, {@code "server closing"}), the
 *       channel expired ({@code "channel expired"}), or the peer stopped answering pings
 *       ({@code "heartbeat timeout"});</li>
 *   <li>1002 (standalone, Payara) a client frame without the mask bit, or a control frame over 125 bytes;</li>
 *   <li>1003 a frame of the wrong type for the consumer's encoding or the handler's {@code receive*};</li>
 *   <li>1007 invalid UTF-8 in a text frame (the container);</li>
 *   <li>1008 {@code "connection not accepted"} ({@code onConnect} or a handler did not accept);
 *       {@code "outbox overflow"} or {@code "send timeout"} (the client does not read fast enough);
 *       {@code "control frame overflow"} (more than 8 of our pings wait behind a write);
 *       {@code "unread control frames"} (standalone, Payara: a client lets more than 64 writes queue, e.g. the
 *       pongs of a ping flood); {@code "too many unread messages"} (a route handler does not keep up
 *       with its client); a guard refused the handshake where no HTTP status could be sent;
 *       {@code "rate limit exceeded"}; {@code "too many connections"};</li>
 *   <li>1009 an inbound message larger than the route's limit, text in UTF-8 bytes, one frame or
 *       fragments: never handed to user code ({@code "message too big (limit N bytes)"});</li>
 *   <li>1011 user code threw an exception (logged with the route and channel id);</li>
 *   <li>1013 (Java 17-20) every route-handler thread is busy ({@code "server busy, try again later"}),
 *       or the client's address already holds its share of them
 *       ({@code "too many handlers for this address"}).</li>
 * </ul>
 */
public interface WebSocket {

    /** The remote end of the connection. {@code host} is an IP address; either may be unknown ({@code "", -1}). */
    record Client(String host, int port) {
    }

    /**
     * Accepts the connection (idempotent). Required before anything is sent or received. If the peer
     * has already gone, this still succeeds: sends then return {@link SendStatus#CLOSED} and
     * {@code receive*} throws {@link WebSocketDisconnect}.
     */
    void accept();

    /** Whether {@link #accept()} was called. */
    boolean isAccepted();

    /** Whether the connection is accepted and open: sends may still be queued. */
    boolean isConnected();

    /**
     * Waits for the next message, which must be a text frame.
     *
     * @throws WebSocketDisconnect when the connection is closed (or a binary frame came: closed with 1003)
     * @throws IllegalStateException before {@link #accept()}, or on a consumer's connection
     */
    String receiveText();

    /**
     * Waits for the next message, which must be a binary frame. The array is the caller's own.
     *
     * @throws WebSocketDisconnect when the connection is closed (or a text frame came: closed with 1003)
     */
    byte[] receiveBytes();

    /**
     * Waits for the next text frame and decodes it with JSON-B.
     *
     * @throws jakarta.json.bind.JsonbException the frame is not valid JSON for {@code type}; the
     *         message is consumed and the connection stays open (Nexios's {@code /safe} example)
     * @throws WebSocketDisconnect when the connection is closed
     */
    <T> T receiveJson(Class<T> type);

    /** {@link #receiveJson(Class)} for a generic type such as {@code Map<String, Object>}. */
    <T> T receiveJson(Type type);

    /** Queues a text frame. */
    SendStatus sendText(String text);

    /** Queues a binary frame; the array is copied, the caller may reuse it. */
    SendStatus sendBytes(byte[] bytes);

    /** Queues a binary frame holding the buffer's remaining bytes (copied). */
    SendStatus sendBytes(ByteBuffer bytes);

    /**
     * Queues {@code payload} as a JSON text frame (JSON-B).
     *
     * @throws jakarta.json.bind.JsonbException if JSON-B cannot serialise the payload (nothing is queued)
     */
    SendStatus sendJson(Object payload);

    /** Closes with 1000 after the messages already queued. Idempotent. */
    void close();

    /**
     * Closes with {@code code} and {@code reason} after the messages already queued. Idempotent: the
     * first close wins.
     *
     * @param code   1000, or 1001-1014 excluding 1004-1006, or 3000-4999
     * @param reason at most 123 bytes in UTF-8 (longer reasons are truncated)
     */
    void close(int code, String reason);

    /** A stable, random, unguessable id, equal to the id of this connection's {@link Channel}. */
    String id();

    /** The remote address and port (Nexios's {@code ws.client}). */
    Client client();

    /**
     * The handshake request's headers, names in lower case, repeated headers joined with
     * {@code ", "}. Immutable.
     */
    Map<String, String> headers();

    /** The raw query string without {@code ?}, empty when there is none. */
    String queryString();

    /** The decoded query parameters, the first value of each name. Immutable. */
    Map<String, String> queryParams();

    /** The values of the route's {@code {name}} segments. Immutable. */
    Map<String, String> pathParams();

    /** The authenticated user of the handshake, when the container has one. */
    Optional<Principal> principal();

    /**
     * This connection's channel, if one was created: consumers always have one (after
     * {@code accept()}); handlers create it with {@link ChannelBox#createChannel}.
     */
    Optional<Channel> channel();
}

package dev.channelbox;

/**
 * Thrown out of {@link WebSocket#receiveText()}, {@link WebSocket#receiveBytes()} and
 * {@link WebSocket#receiveJson(Class)} when the connection has closed: the peer sent a close frame,
 * the TCP connection dropped, or the server closed it. Carries the close code and reason
 * (1006 and an empty reason when the peer vanished without a close frame).
 *
 * <p>Unchecked, so a handler's receive loop reads like Nexios's; catching it is how a handler
 * notices the end of the connection.
 */
public class WebSocketDisconnect extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;

    public WebSocketDisconnect(int code, String reason) {
        super("WebSocket closed: " + code + (reason == null || reason.isEmpty() ? "" : " " + reason), null,
                false, false); // a normal outcome, not worth a stack trace
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    /** The close code (RFC 6455 section 7.4), for example 1000 normal, 1001 going away, 1006 abnormal. */
    public int code() {
        return code;
    }

    /** The close reason, never {@code null} (empty when none was given). */
    public String reason() {
        return reason;
    }
}

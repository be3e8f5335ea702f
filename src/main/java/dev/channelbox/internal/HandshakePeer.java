package dev.channelbox.internal;

import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;

/**
 * The remote address of the handshake being processed on this thread. Jakarta WebSocket before 2.3
 * has no portable way to learn the peer's address and port, so the front end that sees the TCP
 * connection (the standalone server's Grizzly filter; a servlet request listener in a web application) records
 * it here, and the endpoint configurator, which the container calls on the same thread during the
 * upgrade, picks it up. Set for every request before the upgrade runs, so a stale value from an
 * earlier request on a pooled thread is always overwritten first.
 */
public final class HandshakePeer {

    private static final ThreadLocal<WebSocket.Client> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Checked> CHECKED = new ThreadLocal<>();

    /** A front end already ran the {@link HandshakeGate} for this request path. */
    private record Checked(String path, Verdict verdict) {
    }

    private HandshakePeer() {
    }

    /** A new request on this thread: its peer (and no verdict yet). */
    public static void set(String host, int port) {
        CURRENT.set(new WebSocket.Client(host == null ? "" : host, port));
        CHECKED.remove();
    }

    public static void clear() {
        CURRENT.remove();
        CHECKED.remove();
    }

    /** Records that the front end let this request through with {@code verdict}. */
    public static void checked(String path, Verdict verdict) {
        CHECKED.set(new Checked(path, verdict));
    }

    /** The front end's verdict for {@code path} on this thread, or null if it did not check it. */
    public static Verdict verdictFor(String path) {
        Checked c = CHECKED.get();
        return c != null && c.path().equals(path) ? c.verdict() : null;
    }

    /** The peer recorded for this thread, or {@code null}. */
    public static WebSocket.Client current() {
        return CURRENT.get();
    }
}

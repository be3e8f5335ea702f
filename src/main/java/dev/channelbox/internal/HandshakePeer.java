package dev.channelbox.internal;

import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;

import java.util.Map;

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

    /**
     * A front end already ran the {@link HandshakeGate} for this request: the route whose checks ran
     * and the request path, percent-decoded (front ends see the path as sent, the configurator may
     * see it decoded), the verdict, and the request's headers as the checks saw them (names in lower
     * case, repeated headers joined with {@code ", "}), so the configurator need not collect them again.
     */
    public record Checked(Route route, String path, Verdict verdict, Map<String, String> headers) {
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

    /** Records that the front end let this request through with {@code verdict} from {@code route}'s checks. */
    public static void checked(Route route, String path, Verdict verdict, Map<String, String> headers) {
        CHECKED.set(new Checked(route, PathTemplate.decoded(path), verdict, headers));
    }

    /**
     * What the front end found for this request on this thread (its verdict, the headers it saw), or
     * null if it did not check it <em>for this route</em>. Tied to the route, not just the path: if the front end and the container ever
     * pick different routes for a path, the route that serves the connection runs its own checks
     * rather than inherit another route's approval.
     */
    public static Checked checkedFor(Route route, String path) {
        Checked c = CHECKED.get();
        return c != null && c.route() == route && c.path().equals(PathTemplate.decoded(path)) ? c : null;
    }

    /** The peer recorded for this thread, or {@code null}. */
    public static WebSocket.Client current() {
        return CURRENT.get();
    }
}

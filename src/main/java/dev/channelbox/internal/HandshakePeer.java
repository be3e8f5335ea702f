package dev.channelbox.internal;

import dev.channelbox.WebSocket;

/**
 * The remote address of the handshake being processed on this thread. Jakarta WebSocket before 2.3
 * has no portable way to learn the peer's address and port, so the front end that sees the TCP
 * connection (the standalone server's Grizzly filter; a servlet filter in a web application) records
 * it here, and the endpoint configurator, which the container calls on the same thread during the
 * upgrade, picks it up. Set for every request before the upgrade runs, so a stale value from an
 * earlier request on a pooled thread is always overwritten first.
 */
public final class HandshakePeer {

    private static final ThreadLocal<WebSocket.Client> CURRENT = new ThreadLocal<>();

    private HandshakePeer() {
    }

    public static void set(String host, int port) {
        CURRENT.set(new WebSocket.Client(host == null ? "" : host, port));
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** The peer recorded for this thread, or {@code null}. */
    public static WebSocket.Client current() {
        return CURRENT.get();
    }
}

package dev.channelbox.internal;

/**
 * The runtime side of one connection's endpoint: what the container's {@code Endpoint} callbacks
 * delegate to. One per connection; the container calls it from its own threads, never concurrently
 * for {@code closed} and {@code error} of the same connection.
 */
public interface RouteSession {

    /**
     * Writes that may wait for a peer that reads nothing before it is dropped ({@link #unreadControlFrames()},
     * and the standalone server's write-backlog filter): a reading peer has none; our outbox adds at most a
     * message and a ping, the container a close.
     */
    int MAX_UNREAD_WRITES = 64;

    /** The close reason of a peer dropped for {@link #MAX_UNREAD_WRITES}. */
    String UNREAD_CONTROL_FRAMES = "unread control frames";

    /** A connection refused at open: nothing to run, nothing to release. */
    RouteSession NONE = new RouteSession() {
        @Override
        public void open() {
        }

        @Override
        public void closed(int code, String reason) {
        }

        @Override
        public void error(Throwable error) {
        }

        @Override
        public void unreadControlFrames() {
        }
    };

    /** Starts the connection: registers message handlers and runs {@code onConnect} or the handler. */
    void open();

    /** The container reports the close (code 1006 if the peer vanished). */
    void closed(int code, String reason);

    /** The container reports a transport or protocol error; the close follows. */
    void error(Throwable error);

    /**
     * The peer lets the container's own writes (the pongs it answers pings with) pile up unread, past
     * {@link #MAX_UNREAD_WRITES} (counted by the container-side input: Payara's {@code TyrusServletInput}): the connection is
     * closed with 1008 {@code "unread control frames"} and its socket dropped. The container's reading thread.
     */
    void unreadControlFrames();
}

package dev.channelbox.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that floods pings as fast as the socket takes them and never reads its pongs (issue 8
 * item 3), against the demo's {@code /ws} on the embedded server and on every container. The
 * container answers pings itself (JSR-356), so what bounds the pongs differs per runtime (README,
 * "Pings and pongs"), but what the client observes must hold everywhere: the server takes only a
 * bounded amount of pings from it (it drops the connection, or stops reading until the client reads,
 * so the pongs it owes stay bounded), and the connection is closed within {@link #pingFloodBound()}.
 */
public interface PingFloodScenarios {

    /**
     * Ping bytes a server may take from a client that never reads. A server that answered every ping
     * and queued the pong would take them as fast as the loopback goes (hundreds of MB in the flood's
     * 40 s; the standalone server before its bound: 48 MB of pings made 295 MB of heap).
     */
    long MAX_PING_BYTES_TAKEN = 32L << 20;

    /** The server's port. */
    int targetPort();

    /** The application's context path ("" standalone). */
    String targetContextPath();

    /**
     * How long the flood lasts at most. Where the runtime stops reading instead of dropping the
     * connection, the demo's heartbeat closes it: 25 s without a pong, then a ping whose pong is due
     * 10 s after it was written, or whose write is stuck past the 10 s send timeout; plus the 1 s sweep.
     */
    default Duration pingFloodBound() {
        return Duration.ofSeconds(40);
    }

    @Test
    default void aClientThatFloodsPingsAndNeverReadsIsClosed() throws Exception {
        RawClient flooder = RawClient.connect(targetPort(), targetContextPath() + "/ws", 4096);
        PingFlood.Outcome o = PingFlood.run(flooder, 0, Long.MAX_VALUE, pingFloodBound());
        System.out.println("ping flood on " + getClass().getSimpleName() + ": " + o); // the figures for README

        assertTrue(o.bytesSent() <= MAX_PING_BYTES_TAKEN,
                "the server took " + o.bytesSent() + " bytes of pings from a client that reads nothing: " + o);
        // closed: the server dropped the socket, or its close frame came after the pongs it had queued
        assertTrue(o.closed(), "still open after " + o.elapsed() + " of pings: " + o);
        assertTrue(!o.end().startsWith("close ") || o.end().equals("close 1008") || o.end().equals("close 1001"),
                "a documented code (1008 overflow or send timeout, 1001 heartbeat timeout): " + o);
    }
}

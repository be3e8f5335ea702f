package dev.channelbox.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that floods pings and never reads its pongs (issue 8 item 3), against the demo's
 * {@code /ws} on the embedded server and on every container. The container answers pings itself
 * (JSR-356), so what bounds the pongs differs per runtime (README, "Pings and pongs"); what every
 * runtime must do is close such a peer, within {@link #pingFloodBound()}.
 */
public interface PingFloodScenarios {

    /** The server's port. */
    int targetPort();

    /** The application's context path ("" standalone). */
    String targetContextPath();

    /**
     * How long the flood lasts at most. Without a hook of our own (containers), the demo's heartbeat
     * bounds it: 25 s without a pong, then a ping whose pong is due 10 s after it was written, or
     * whose write is stuck past the 10 s send timeout; plus the 1 s sweep.
     */
    default Duration pingFloodBound() {
        return Duration.ofSeconds(40);
    }

    /**
     * Ping bytes per second (0: as fast as the socket takes them). Modest on containers: there the
     * pongs pile up on the heap until the heartbeat closes the peer (about 400 bytes each on Payara).
     */
    default long pingFloodBytesPerSecond() {
        return 32 * 1024;
    }

    @Test
    default void aClientThatFloodsPingsAndNeverReadsIsClosed() throws Exception {
        RawClient flooder = RawClient.connect(targetPort(), targetContextPath() + "/ws", 4096);
        PingFlood.Outcome o = PingFlood.run(flooder, pingFloodBytesPerSecond(), Long.MAX_VALUE, pingFloodBound());
        System.out.println("ping flood on " + getClass().getSimpleName() + ": " + o); // the figures for README

        // closed: the server dropped the socket, or its close frame came after the pongs it had queued
        assertTrue(o.closed(), "still open after " + o.elapsed() + " of pings: " + o);
        assertTrue(!o.end().startsWith("close ") || o.end().equals("close 1008") || o.end().equals("close 1001"),
                "a documented code (1008 overflow or send timeout, 1001 heartbeat timeout): " + o);
    }
}

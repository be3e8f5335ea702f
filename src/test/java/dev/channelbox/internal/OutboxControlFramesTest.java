package dev.channelbox.internal;

import dev.channelbox.OverflowPolicy;
import dev.channelbox.SendStatus;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Control frames in the outbox (issue 8 item 3): a ping takes the next write slot, is never dropped,
 * does not count against the data limits, and its own queue is bounded. Same fake sink and clock as
 * {@link OutboxTest}: the test completes each write.
 */
class OutboxControlFramesTest {

    private final OutboxTest.FakeSink sink = new OutboxTest.FakeSink();
    private final AtomicLong now = new AtomicLong();

    private Outbox outbox(int maxMessages, long maxBytes, OverflowPolicy policy) {
        return new Outbox(sink, maxMessages, maxBytes, policy, now::get);
    }

    private static Frame text(String s) {
        return Frame.Text.of(s);
    }

    private static Frame ping() {
        return new Frame.Ping(ByteBuffer.allocate(0));
    }

    @Test
    void aPingTakesTheNextWriteSlotAheadOfQueuedData() {
        Outbox outbox = outbox(100, 1 << 20, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));
        outbox.offer(text("c"));

        assertEquals(SendStatus.QUEUED, outbox.offer(ping()));
        sink.completeAll();

        assertEquals(List.of("write a", "write ping", "write b", "write c"), sink.events());
        assertTrue(outbox.isIdle());
    }

    @Test
    void aPingToAnIdleOutboxIsWrittenAtOnce() {
        Outbox outbox = outbox(100, 1 << 20, OverflowPolicy.CLOSE);

        outbox.offer(ping());

        assertEquals(List.of("write ping"), sink.events());
    }

    @Test
    void theCloseStillWaitsBehindQueuedDataButNotBehindAPing() {
        Outbox outbox = outbox(100, 1 << 20, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));
        outbox.close(1000, "bye");
        // offered after the close: refused like any frame (nothing is written after a close)
        assertEquals(SendStatus.CLOSED, outbox.offer(ping()));
        sink.completeAll();

        assertEquals(List.of("write a", "write b", "close 1000 bye"), sink.events());
    }

    @Test
    void pingsDoNotCountAgainstTheMessageLimit() {
        Outbox outbox = outbox(2, 1 << 20, OverflowPolicy.CLOSE);
        outbox.offer(text("a")); // in flight
        outbox.offer(text("b"));
        outbox.offer(ping());
        // the data queue holds one message of two: a ping counted would make this the third
        assertEquals(SendStatus.QUEUED, outbox.offer(text("c")));

        assertEquals(2, outbox.queuedMessages());
        assertEquals(1, outbox.queuedControlFrames());
        assertEquals(0, sink.aborts.get());
    }

    @Test
    void dropOldestNeverDropsAPing() {
        Outbox outbox = outbox(2, 1 << 20, OverflowPolicy.DROP_OLDEST);
        outbox.offer(text("a")); // in flight
        outbox.offer(ping());
        outbox.offer(text("b"));
        outbox.offer(text("c"));
        outbox.offer(text("d")); // drops b
        outbox.offer(text("e")); // drops c

        sink.completeAll();

        assertEquals(List.of("write a", "write ping", "write d", "write e"), sink.events());
        assertEquals(2, outbox.dropped());
    }

    @Test
    void pingsWhileTheDataQueueIsFullUnderClosePolicyDoNotCloseTheConnection() {
        Outbox outbox = outbox(1, 10, OverflowPolicy.CLOSE);
        outbox.offer(text("a")); // in flight
        outbox.offer(text("0123456789")); // the queue is full in messages and bytes

        assertEquals(SendStatus.QUEUED, outbox.offer(ping()));

        assertEquals(0, sink.aborts.get());
        sink.completeAll();
        assertEquals(List.of("write a", "write ping", "write 0123456789"), sink.events());
    }

    @Test
    void theControlQueueIsBoundedAndItsOverflowClosesTheConnection() {
        Outbox outbox = outbox(100, 1 << 20, OverflowPolicy.DROP_OLDEST);
        outbox.offer(text("a")); // a write that does not complete: the peer is not reading
        for (int i = 0; i < Outbox.MAX_CONTROL_FRAMES; i++) {
            assertEquals(SendStatus.QUEUED, outbox.offer(ping()));
        }

        // even under DROP_OLDEST: control frames are never dropped, so there is nothing to drop
        assertEquals(SendStatus.OVERFLOW, outbox.offer(ping()));

        assertEquals(List.of("write a", "abort 1008 " + Outbox.CONTROL_OVERFLOW_REASON), sink.events());
        assertEquals(SendStatus.CLOSED, outbox.offer(text("b")));
        assertEquals(0, outbox.queuedControlFrames());
    }

    @Test
    void aPingStuckBehindAWriteThatNeverCompletesIsCaughtByTheSendTimeout() {
        Outbox outbox = outbox(100, 1 << 20, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(ping());
        now.set(5);
        sink.complete(); // the ping's write starts at 5 and never completes
        now.set(5 + 10);
        assertEquals(false, outbox.abortIfStuck(10));
        now.set(5 + 11);

        assertTrue(outbox.abortIfStuck(10));

        assertEquals(List.of("write a", "write ping", "abort 1008 " + Outbox.SEND_TIMEOUT_REASON), sink.events());
    }
}

package dev.channelbox.internal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;

import dev.channelbox.OverflowPolicy;
import dev.channelbox.SendStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox against a fake sink (writes are recorded and completed by the test, or inline inside
 * {@code write}) and a fake clock: every test decides exactly when each write completes.
 */
class OutboxTest {

    private static final long LARGE = 1L << 40;

    private final FakeSink sink = new FakeSink();
    private final AtomicLong now = new AtomicLong();

    private Outbox outbox(int maxMessages, long maxBytes, OverflowPolicy policy) {
        return new Outbox(sink, maxMessages, maxBytes, policy, now::get);
    }

    // ------------------------------------------------------------------ order and one write in flight

    @Test
    void framesAreWrittenInOfferOrderOneAtATime() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);

        for (String s : List.of("a", "b", "c", "d")) {
            assertEquals(SendStatus.QUEUED, outbox.offer(text(s)));
        }
        assertEquals(List.of("write a"), sink.events());
        assertEquals(3, outbox.queuedMessages());

        sink.complete();
        assertEquals(List.of("write a", "write b"), sink.events());
        sink.complete();
        sink.complete();
        sink.complete();

        assertEquals(List.of("write a", "write b", "write c", "write d"), sink.events());
        assertEquals(1, sink.maxInFlight.get());
        assertTrue(outbox.isIdle());
    }

    @Test
    void idleOutboxWritesAtOnceAndGoesIdleAgain() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);

        outbox.offer(text("a"));
        assertFalse(outbox.isIdle());
        sink.complete();
        assertTrue(outbox.isIdle());

        outbox.offer(text("b"));
        assertEquals(List.of("write a", "write b"), sink.events());
    }

    @Test
    void queuedMessagesAndBytesAreObservable() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("in flight"));
        outbox.offer(text("abc"));
        outbox.offer(text("défg"));   // 5 bytes in UTF-8

        assertEquals(2, outbox.queuedMessages());
        assertEquals(8, outbox.queuedBytes());

        sink.complete();
        assertEquals(1, outbox.queuedMessages());
        assertEquals(5, outbox.queuedBytes());
    }

    @Test
    void inlineCompletionOfTenThousandQueuedFramesDoesNotOverflowTheStack() throws Exception {
        int n = 10_000;
        Outbox outbox = outbox(n + 1, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("0"));
        for (int i = 1; i <= n; i++) {
            outbox.offer(text(Integer.toString(i)));
        }
        sink.completeInline = true; // from now on the "container" completes inside write()

        // a small stack: a recursive drain would need thousands of frames of it
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread callback = new Thread(null, () -> {
            try {
                sink.complete();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "callback", 256 * 1024);
        callback.start();
        callback.join(10_000);

        assertNull(failure.get());
        assertEquals(n + 1, sink.writes.size());
        for (int i = 0; i <= n; i++) {
            assertEquals(Integer.toString(i), sink.writes.get(i));
        }
        assertEquals(1, sink.maxInFlight.get());
        assertTrue(outbox.isIdle());
    }

    @Test
    void inlineCompletionOnAnIdleOutboxWritesEachFrameAtOnce() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        sink.completeInline = true;

        for (int i = 0; i < 10_000; i++) {
            assertEquals(SendStatus.QUEUED, outbox.offer(text(Integer.toString(i))));
            assertTrue(outbox.isIdle());
        }
        assertEquals(10_000, sink.writes.size());
    }

    @Test
    void completionOnAnotherThreadContinuesTheDrainOnThatThread() throws Exception {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));
        outbox.offer(text("c"));

        Thread container = new Thread(sink::complete, "container-callback");
        container.start();
        container.join(5_000);

        assertEquals(List.of("write a", "write b"), sink.events());
        assertEquals("container-callback", sink.writerThreads.get(1));

        sink.complete(); // from the test thread this time
        assertEquals(Thread.currentThread().getName(), sink.writerThreads.get(2));
        assertEquals(List.of("write a", "write b", "write c"), sink.events());
    }

    @Test
    void concurrentProducersAndAsynchronousCompletionsKeepEachProducersOrderAndOneWriteInFlight() throws Exception {
        int producers = 4;
        int perProducer = 2_000;
        ExecutorService container = Executors.newFixedThreadPool(2);
        sink.completer = done -> container.execute(() -> done.done(true));
        Outbox outbox = outbox(producers * perProducer, LARGE, OverflowPolicy.CLOSE);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger notQueued = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                String name = "p" + p;
                Thread t = new Thread(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < perProducer; i++) {
                        if (outbox.offer(text(name + ":" + i)) != SendStatus.QUEUED) {
                            notQueued.incrementAndGet();
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertEquals(0, notQueued.get());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!outbox.isIdle() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } finally {
            container.shutdown();
            assertTrue(container.awaitTermination(10, TimeUnit.SECONDS));
        }

        assertTrue(outbox.isIdle());
        assertEquals(producers * perProducer, sink.writes.size());
        assertEquals(1, sink.maxInFlight.get(), "never two writes in flight");
        int[] next = new int[producers];
        for (String w : sink.writes) {
            int p = w.charAt(1) - '0';
            assertEquals("p" + p + ":" + next[p]++, w, "each producer's frames in the order it offered them");
        }
    }

    // ------------------------------------------------------------------ limits under CLOSE

    @Test
    void tooManyQueuedMessagesOverflowAndAbortTheConnectionOnce() {
        Outbox outbox = outbox(2, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("in flight"));
        assertEquals(SendStatus.QUEUED, outbox.offer(text("q1")));
        assertEquals(SendStatus.QUEUED, outbox.offer(text("q2")));

        assertEquals(SendStatus.OVERFLOW, outbox.offer(text("one too many")));

        assertEquals(List.of("write in flight", "abort 1008 outbox overflow"), sink.events());
        assertEquals(SendStatus.CLOSED, outbox.offer(text("later")));
        assertEquals(0, outbox.queuedMessages());
        assertEquals(0, outbox.queuedBytes());

        sink.complete(); // the write in flight ends; what was queued has been dropped
        assertEquals(List.of("write in flight", "abort 1008 outbox overflow"), sink.events());
        assertEquals(SendStatus.CLOSED, outbox.offer(text("later still")));
        assertTrue(outbox.isIdle());
    }

    @Test
    void tooManyQueuedBytesOverflowAndAbortTheConnectionOnce() {
        Outbox outbox = outbox(100, 10, OverflowPolicy.CLOSE);
        outbox.offer(text("x".repeat(50)));             // idle: written whatever its size
        assertEquals(SendStatus.QUEUED, outbox.offer(text("123456")));
        assertEquals(SendStatus.QUEUED, outbox.offer(text("7890"))); // exactly 10 bytes queued

        assertEquals(SendStatus.OVERFLOW, outbox.offer(text("!")));

        assertEquals(1, sink.aborts.get());
        assertEquals("abort 1008 outbox overflow", sink.events().get(1));
        assertEquals(SendStatus.CLOSED, outbox.offer(text("?")));
        sink.complete();
        assertEquals(2, sink.events().size());
    }

    @Test
    void overflowedOutboxNeverAbortsASecondTime() {
        Outbox outbox = outbox(1, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));
        outbox.offer(text("c"));
        outbox.offer(text("d"));
        now.addAndGet(TimeUnit.HOURS.toNanos(1));

        assertFalse(outbox.abortIfStuck(1));
        assertEquals(1, sink.aborts.get());
        assertEquals(0, sink.closes.get());
    }

    @Test
    void frameLargerThanTheByteLimitIsWrittenToAnIdleOutbox() {
        Outbox outbox = outbox(100, 10, OverflowPolicy.CLOSE);

        assertEquals(SendStatus.QUEUED, outbox.offer(text("x".repeat(1_000))));

        assertEquals(1, sink.writes.size());
        assertEquals(0, sink.aborts.get());
        sink.complete();
        assertTrue(outbox.isIdle());
    }

    // ------------------------------------------------------------------ DROP_OLDEST

    @Test
    void dropOldestDropsTheOldestQueuedMessagesKeepsTheNewOneAndCountsThem() {
        Outbox outbox = outbox(2, LARGE, OverflowPolicy.DROP_OLDEST);
        outbox.offer(text("in flight"));
        outbox.offer(text("q1"));
        outbox.offer(text("q2"));

        assertEquals(SendStatus.QUEUED, outbox.offer(text("q3")));
        assertEquals(SendStatus.QUEUED, outbox.offer(text("q4")));

        assertEquals(2, outbox.dropped());
        assertEquals(2, outbox.queuedMessages());
        sink.completeAll();
        assertEquals(List.of("write in flight", "write q3", "write q4"), sink.events());
        assertEquals(0, sink.aborts.get());
    }

    @Test
    void dropOldestDropsOneAtATimeUntilTheNewFrameFitsInTheByteLimit() {
        Outbox outbox = outbox(100, 10, OverflowPolicy.DROP_OLDEST);
        outbox.offer(text("in flight"));
        outbox.offer(text("aaaa"));
        outbox.offer(text("bbbb"));

        assertEquals(SendStatus.QUEUED, outbox.offer(text("ccccc"))); // 13 > 10: only "aaaa" goes

        assertEquals(1, outbox.dropped());
        assertEquals(9, outbox.queuedBytes());
        sink.completeAll();
        assertEquals(List.of("write in flight", "write bbbb", "write ccccc"), sink.events());
        assertEquals(0, sink.aborts.get());
    }

    @Test
    void dropOldestNeverClosesEvenForAFrameLargerThanTheByteLimit() {
        // OverflowPolicy.DROP_OLDEST: "Keep the connection and drop the oldest queued messages until
        // the new one fits." A frame that can never fit must not cost the connection either.
        Outbox outbox = outbox(100, 10, OverflowPolicy.DROP_OLDEST);
        outbox.offer(text("in flight"));
        outbox.offer(text("queued"));

        outbox.offer(text("x".repeat(11)));

        assertEquals(0, sink.aborts.get(), "DROP_OLDEST keeps the connection");
        assertEquals(SendStatus.QUEUED, outbox.offer(text("after")));
        sink.completeAll();
        assertEquals("write after", sink.events().get(sink.events().size() - 1));
    }

    // ------------------------------------------------------------------ close

    @Test
    void closeIsWrittenAfterTheFramesQueuedBeforeIt() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));

        outbox.close(1000, "bye");

        assertEquals(SendStatus.CLOSED, outbox.offer(text("after close")));
        assertEquals(List.of("write a"), sink.events());
        sink.complete();
        assertEquals(List.of("write a", "write b"), sink.events());
        sink.complete();
        assertEquals(List.of("write a", "write b", "close 1000 bye"), sink.events());
        assertTrue(outbox.isIdle());
    }

    @Test
    void closeOfAnIdleOutboxClosesAtOnce() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);

        outbox.close(1001, "going away");

        assertEquals(List.of("close 1001 going away"), sink.events());
        assertEquals(SendStatus.CLOSED, outbox.offer(text("a")));
    }

    @Test
    void firstCloseWins() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.close(4000, "first");
        outbox.close(4001, "second");
        sink.complete();
        outbox.close(4002, "third");

        assertEquals(List.of("write a", "close 4000 first"), sink.events());
    }

    @Test
    void closeAfterInlineCompletionsStillComesLast() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));
        outbox.close(1000, "done");
        sink.completeInline = true;

        sink.complete();

        assertEquals(List.of("write a", "write b", "close 1000 done"), sink.events());
    }

    // ------------------------------------------------------------------ failures

    @Test
    void failedWriteStopsTheOutbox() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));
        outbox.offer(text("c"));

        sink.fail();

        assertEquals(List.of("write a"), sink.events(), "nothing more is written on a broken connection");
        assertEquals(SendStatus.CLOSED, outbox.offer(text("d")));
        assertEquals(0, outbox.queuedMessages());
        assertEquals(0, sink.aborts.get(), "the container reports the close; the outbox does not abort");
        assertTrue(outbox.isIdle());
    }

    @Test
    void writeThatThrowsCountsAsAFailedWrite() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        sink.throwOnWrite = true;

        outbox.offer(text("a"));

        assertEquals(SendStatus.CLOSED, outbox.offer(text("b")));
        assertTrue(outbox.isIdle());
    }

    @Test
    void terminatedOutboxDropsWhatWasQueuedAndAcceptsNothing() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));

        outbox.terminate();
        sink.complete();

        assertEquals(List.of("write a"), sink.events());
        assertEquals(SendStatus.CLOSED, outbox.offer(text("c")));
    }

    // ------------------------------------------------------------------ stuck writes

    @Test
    void stuckWriteIsAbortedOnlyAfterTheTimeoutAndOnlyOnce() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        outbox.offer(text("b"));

        now.set(100);
        assertFalse(outbox.abortIfStuck(100), "exactly the timeout is not yet stuck");
        assertEquals(0, sink.aborts.get());

        now.set(101);
        assertTrue(outbox.abortIfStuck(100));
        assertEquals(List.of("write a", "abort 1008 send timeout"), sink.events());

        now.set(10_000);
        assertFalse(outbox.abortIfStuck(100));
        assertEquals(1, sink.aborts.get());
        assertEquals(SendStatus.CLOSED, outbox.offer(text("c")));
    }

    @Test
    void sendTimeoutCountsFromTheStartOfTheCurrentWrite() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));      // starts at 0
        outbox.offer(text("b"));

        now.set(90);
        sink.complete();              // "b" starts at 90
        now.set(190);
        assertFalse(outbox.abortIfStuck(100));
        now.set(191);
        assertTrue(outbox.abortIfStuck(100));
    }

    @Test
    void idleOutboxIsNeverStuck() {
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.CLOSE);
        outbox.offer(text("a"));
        sink.complete();

        now.set(TimeUnit.DAYS.toNanos(1));

        assertFalse(outbox.abortIfStuck(1));
        assertEquals(0, sink.aborts.get());
    }

    @Test
    void stuckWriteIsAbortedUnderDropOldestToo() {
        // dropping queued frames cannot unblock a write that never completes
        Outbox outbox = outbox(100, LARGE, OverflowPolicy.DROP_OLDEST);
        outbox.offer(text("a"));

        now.set(1_000);

        assertTrue(outbox.abortIfStuck(999));
        assertEquals(List.of("write a", "abort 1008 send timeout"), sink.events());
    }

    // ------------------------------------------------------------------ fakes

    private static Frame text(String s) {
        return Frame.Text.of(s);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records what the outbox asks for; completes writes when told, or inline. */
    @Test
    void aRawSinkGetsTheFramesQueuedBehindAWriteAsOneBatchInOrder() {
        List<Frame> written = new ArrayList<>();
        List<Outbox.Completion> pending = new ArrayList<>();
        Outbox.Sink raw = new Outbox.Sink() {
            @Override
            public void write(Frame frame, Outbox.Completion done) {
                written.add(frame);
                pending.add(done);
            }

            @Override
            public void close(int code, String reason) {
            }

            @Override
            public void abort(int code, String reason) {
            }

            @Override
            public boolean writesRaw() {
                return true;
            }
        };
        Outbox outbox = new Outbox(raw, 1_000, 1 << 20, OverflowPolicy.CLOSE, now::get);
        for (int i = 0; i < 10; i++) {
            outbox.offer(Frame.Text.of("m" + i));
        }
        assertEquals(1, written.size(), "one write in flight");
        pending.get(0).done(true);
        assertEquals(2, written.size());
        Frame.Batch batch = assertInstanceOf(Frame.Batch.class, written.get(1));
        assertEquals(9, batch.frames().size());
        for (int i = 0; i < 9; i++) {
            assertEquals("m" + (i + 1), ((Frame.Text) batch.frames().get(i)).text());
        }
        // the batch's wire form is the frames' wire forms, back to back
        ByteBuffer wire = batch.wire();
        for (Frame.Data f : batch.frames()) {
            ByteBuffer one = f.wire().duplicate();
            ByteBuffer slice = wire.slice().limit(one.remaining());
            assertEquals(one, slice);
            wire.position(wire.position() + one.remaining());
        }
        assertEquals(0, outbox.queuedMessages());
        pending.get(1).done(true);
        assertTrue(outbox.isIdle());
    }

    /** A raw sink that records each write and completes it when told. */
    private static final class RawSink implements Outbox.Sink {
        final List<Frame> written = Collections.synchronizedList(new ArrayList<>());
        final List<Outbox.Completion> pending = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(Frame frame, Outbox.Completion done) {
            written.add(frame);
            pending.add(done);
        }

        @Override
        public void close(int code, String reason) {
            written.add(new Frame.Close(code, reason));
        }

        @Override
        public void abort(int code, String reason) {
        }

        @Override
        public boolean writesRaw() {
            return true;
        }

        List<String> texts(Frame f) {
            return f instanceof Frame.Batch b ? b.frames().stream().map(x -> ((Frame.Text) x).text()).toList()
                    : List.of(((Frame.Text) f).text());
        }
    }

    @Test
    void messagesQueuedTogetherInAWriteBatchLeaveInOneWrite() {
        RawSink raw = new RawSink();
        Outbox outbox = new Outbox(raw, 1_000, 1 << 20, OverflowPolicy.CLOSE, now::get);
        WriteBatch.run(() -> {
            for (int i = 0; i < 5; i++) {
                assertEquals(SendStatus.QUEUED, outbox.offer(Frame.Text.of("m" + i)));
            }
            assertEquals(List.of(), raw.written, "nothing written while the batch runs");
            assertFalse(outbox.isIdle());
        });
        assertEquals(1, raw.written.size(), "one write for the five");
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), raw.texts(raw.written.get(0)));
        raw.pending.get(0).done(true);
        assertTrue(outbox.isIdle());
        // a lone message outside a batch is written at once
        outbox.offer(Frame.Text.of("alone"));
        assertEquals(List.of("alone"), raw.texts(raw.written.get(1)));
    }

    @Test
    void flushCurrentWritesWhatIsHeldBeforeTheBatchGoesOnAndAFullBatchLeavesAtOnce() {
        RawSink raw = new RawSink();
        Outbox outbox = new Outbox(raw, 10_000, 1 << 24, OverflowPolicy.CLOSE, now::get);
        WriteBatch.run(() -> {
            outbox.offer(Frame.Text.of("before a wait"));
            WriteBatch.flushCurrent(); // as the Redis delivery thread does before it waits for Redis
            assertEquals(1, raw.written.size(), "written before the wait");
            raw.pending.get(0).done(true);
            for (int i = 0; i < Outbox.MAX_BATCH_FRAMES; i++) {
                outbox.offer(Frame.Text.of("f" + i));
            }
            assertEquals(2, raw.written.size(), "a full batch is written without waiting for the end");
            assertEquals(Outbox.MAX_BATCH_FRAMES, raw.texts(raw.written.get(1)).size());
            raw.pending.get(1).done(true);
            outbox.offer(Frame.Text.of("last"));
        });
        assertEquals(List.of("last"), raw.texts(raw.written.get(2)));
    }

    @Test
    void whileABatchHoldsAnOutboxOtherThreadsQueueBehindItAndACloseWaitsItsTurn() throws Exception {
        RawSink raw = new RawSink();
        Outbox outbox = new Outbox(raw, 1_000, 1 << 20, OverflowPolicy.CLOSE, now::get);
        WriteBatch.run(() -> {
            outbox.offer(Frame.Text.of("held"));
            Thread other = new Thread(() -> {
                outbox.offer(Frame.Text.of("from another thread"));
                outbox.close(1000, "bye");
            });
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertEquals(List.of(), raw.written, "the other thread did not overtake the held frame");
        });
        assertEquals(List.of("held", "from another thread"), raw.texts(raw.written.get(0)));
        raw.pending.get(0).done(true);
        assertInstanceOf(Frame.Close.class, raw.written.get(1), "the close after the frames");
    }

    @Test
    void aBatchKeepsTheOutboxLimits() {
        RawSink raw = new RawSink();
        Outbox outbox = new Outbox(raw, 3, 1 << 20, OverflowPolicy.CLOSE, now::get);
        List<SendStatus> statuses = new ArrayList<>();
        WriteBatch.run(() -> {
            for (int i = 0; i < 5; i++) {
                statuses.add(outbox.offer(Frame.Text.of("m" + i)));
            }
        });
        // held frames wait in the queue and count against its limit: three fit, the fourth overflows
        // (the connection is closed under CLOSE), the fifth finds it closed
        assertEquals(List.of(SendStatus.QUEUED, SendStatus.QUEUED, SendStatus.QUEUED, SendStatus.OVERFLOW, SendStatus.CLOSED),
                statuses);
    }

    /** Also used by {@link OutboxControlFramesTest}. */
    static final class FakeSink implements Outbox.Sink {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> writes = Collections.synchronizedList(new ArrayList<>());
        final List<String> writerThreads = Collections.synchronizedList(new ArrayList<>());
        final Deque<Outbox.Completion> pending = new ArrayDeque<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger aborts = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean completeInline;
        volatile boolean throwOnWrite;
        /** When set, each write is handed to it instead of waiting for the test. */
        volatile java.util.function.Consumer<Outbox.Completion> completer;

        @Override
        public void write(Frame frame, Outbox.Completion done) {
            if (throwOnWrite) {
                throw new IllegalStateException("session closed");
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            String text = frame instanceof Frame.Ping ? "ping" : ((Frame.Text) frame).text();
            events.add("write " + text);
            writes.add(text);
            writerThreads.add(Thread.currentThread().getName());
            if (completeInline) {
                inFlight.decrementAndGet();
                done.done(true);
            } else if (completer != null) {
                completer.accept(ok -> {
                    inFlight.decrementAndGet();
                    done.done(ok);
                });
            } else {
                synchronized (pending) {
                    pending.addLast(done);
                }
            }
        }

        @Override
        public void close(int code, String reason) {
            closes.incrementAndGet();
            events.add("close " + code + " " + reason);
        }

        @Override
        public void abort(int code, String reason) {
            aborts.incrementAndGet();
            events.add("abort " + code + " " + reason);
        }

        /** Completes the oldest write in flight successfully. */
        void complete() {
            finish(true);
        }

        /** Fails the oldest write in flight. */
        void fail() {
            finish(false);
        }

        /** Completes writes until none is in flight. */
        void completeAll() {
            while (hasPending()) {
                complete();
            }
        }

        private boolean hasPending() {
            synchronized (pending) {
                return !pending.isEmpty();
            }
        }

        private void finish(boolean ok) {
            Outbox.Completion done;
            synchronized (pending) {
                done = pending.pollFirst();
            }
            if (done == null) {
                throw new AssertionError("no write in flight");
            }
            inFlight.decrementAndGet();
            done.done(ok);
        }

        List<String> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }
}

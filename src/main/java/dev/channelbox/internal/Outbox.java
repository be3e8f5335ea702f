package dev.channelbox.internal;

import dev.channelbox.OverflowPolicy;
import dev.channelbox.SendStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A connection's queue of frames waiting to be written, with at most one write in flight.
 *
 * <p>Why: containers differ exactly here. Tyrus serialises sends under a lock, Undertow queues
 * without bound, Open Liberty fails a second async send while one is in flight. With one outbox per
 * connection the container only ever sees one async send at a time per connection, the order of
 * frames is the order of {@link #offer} calls, and memory is bounded by the limits below whatever
 * the peer does.
 *
 * <p>Threads: any thread may {@link #offer} or {@link #close}. The thread that finds the outbox idle
 * starts the write; the container's completion callback starts the next one. A container that
 * completes a write inline (inside the send call) would make that recursion unbounded, so each write
 * has a two-party handshake ({@link Write#arrive()}): whichever of "the send call returned" and "the
 * completion ran" comes second carries on with the next frame, in a loop, on its own thread.
 *
 * <p>Control frames (our heartbeat pings) have their own queue, as in OkHttp's {@code RealWebSocket}
 * (pongs first, then messages, then close): a queued ping takes the next write slot instead of waiting
 * behind queued data (a slow but alive reader would otherwise miss its pong deadline), is never
 * dropped by {@link OverflowPolicy#DROP_OLDEST} and does not count against the data limits. That queue
 * is bounded too ({@link #MAX_CONTROL_FRAMES}): a peer that lets it fill is closed like any overflow.
 *
 * <p>Inside a {@link WriteBatch} (raw writes only), a frame offered to an idle outbox is held instead
 * of written, and every frame offered until the batch ends queues behind it; the batch's thread then
 * flushes it, so the frames leave in one write. Held counts as busy for ordering, limits and close.
 *
 * <p>All mutable state is guarded by {@code this}; no lock is held while calling the sink.
 */
final class Outbox {

    /** Where frames go: the container's async send, or a test double. */
    interface Sink {
        /** Starts writing; must eventually call {@code done} exactly once (possibly inline). */
        void write(Frame frame, Completion done);

        /** Sends a close frame and closes; after this no more writes are started. */
        void close(int code, String reason);

        /** Overflow under {@link OverflowPolicy#CLOSE} or a stuck write: close now, without flushing. */
        void abort(int code, String reason);

        /** {@link OverflowPolicy#DROP_OLDEST} dropped {@code count} frames to make room (outside the lock). */
        default void dropped(long count) {
        }

        /** Whether {@link #write} takes a {@link Frame.Batch} (raw frames), so queued frames may leave together. */
        default boolean writesRaw() {
            return false;
        }
    }

    /** The outcome of one write. */
    interface Completion {
        void done(boolean ok);
    }

    static final int OVERFLOW_CODE = 1008;
    static final String OVERFLOW_REASON = "outbox overflow";
    static final String SEND_TIMEOUT_REASON = "send timeout";
    static final String CONTROL_OVERFLOW_REASON = "control frame overflow";

    /**
     * Control frames waiting behind the write in flight. The heartbeat keeps at most one ping
     * outstanding, so reaching this means the writes are not progressing at all.
     */
    static final int MAX_CONTROL_FRAMES = 8;

    private final Sink sink;
    private final int maxMessages;
    private final long maxBytes;
    private final OverflowPolicy policy;
    private final LongSupplier clock; // nanoTime, or a fake one in tests
    private final boolean batching;

    /** A batch stops at whichever comes first (a single larger frame still goes alone). */
    static final int MAX_BATCH_FRAMES = 256;
    static final long MAX_BATCH_BYTES = 64 * 1024;

    // guarded by this
    // Small at first (an idle connection's own heap counts): they grow as frames queue up.
    private final ArrayDeque<Frame> queue = new ArrayDeque<>(3);    // data frames, then the close
    private final ArrayDeque<Frame> control = new ArrayDeque<>(1);  // pings: written before the queue
    private long queuedBytes;
    private boolean writing;        // a write is in flight (or a drain loop is running)
    private boolean held;           // idle, but frames wait for the end of a WriteBatch: offers queue behind
    private long writeStartedAt;    // clock value when the current write started
    private boolean closed;         // no more offers: a close is queued or done, or the outbox was aborted
    private boolean aborted;        // closed by overflow or a stuck write
    private long dropped;           // frames dropped under DROP_OLDEST
    private long accepted;          // data frames taken (queued, held or written), for the metrics
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong(); // sink writes so far

    Outbox(Sink sink, int maxMessages, long maxBytes, OverflowPolicy policy, LongSupplier clock) {
        this.sink = sink;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.clock = clock;
        this.batching = sink.writesRaw();
    }

    /** Whether the sink writes raw frames (Tyrus), so that frames queued behind a write leave together. */
    boolean writesRaw() {
        return batching;
    }

    /** Where it writes (for tests). */
    Sink sink() {
        return sink;
    }

    /**
     * Writes the frame at once if the outbox is idle, else queues it. The limits apply to what waits
     * behind the write in flight, so a large message to an idle connection is never refused.
     */
    SendStatus offer(Frame frame) {
        boolean overflow = false;
        long droppedNow = 0;
        SendStatus queuedStatus = null;
        WriteBatch batch = batching && frame instanceof Frame.Data ? WriteBatch.current() : null;
        boolean hold = false;
        boolean startNow = false;
        synchronized (this) {
            if (closed) {
                return SendStatus.CLOSED;
            }
            boolean busy = writing || held;
            if (busy && isControl(frame)) {
                if (control.size() < MAX_CONTROL_FRAMES) {
                    control.addLast(frame);
                    return SendStatus.QUEUED;
                }
                overflow = true;
                abortLocked();
            } else if (busy) {
                if (!fits(frame)) {
                    if (policy == OverflowPolicy.DROP_OLDEST && frame.size() > maxBytes) {
                        // it can never fit: drop it and keep the queue and the connection, as DROP_OLDEST promises
                        droppedNow = 1;
                        queuedStatus = SendStatus.OVERFLOW;
                    } else if (policy == OverflowPolicy.DROP_OLDEST) {
                        while (!queue.isEmpty() && !fits(frame)) {
                            queuedBytes -= queue.removeFirst().size();
                            droppedNow++;
                        }
                    } else {
                        overflow = true;
                        abortLocked();
                    }
                    dropped += droppedNow;
                }
                if (!overflow && queuedStatus == null) {
                    queue.addLast(frame);
                    queuedBytes += frame.size();
                    queuedStatus = SendStatus.QUEUED;
                    if (frame instanceof Frame.Data) {
                        accepted++;
                    }
                    if (held && !writing && (queue.size() >= MAX_BATCH_FRAMES || queuedBytes >= MAX_BATCH_BYTES)) {
                        // a full batch is held: write it now, so a long run of sends keeps the
                        // outbox moving (and its limits meaning what they meant) instead of holding it all
                        held = false;
                        writing = true;
                        writeStartedAt = clock.getAsLong();
                        startNow = true;
                    }
                }
            } else if (batch != null) {
                // idle, inside a write batch: hold it, to leave with whatever else the batch queues here
                held = true;
                hold = true;
                queue.addLast(frame);
                queuedBytes += frame.size();
                queuedStatus = SendStatus.QUEUED;
                accepted++;
            } else {
                writing = true;
                writeStartedAt = clock.getAsLong();
                if (frame instanceof Frame.Data) {
                    accepted++;
                }
            }
        }
        if (hold) {
            batch.hold(this);
        }
        if (droppedNow > 0) {
            sink.dropped(droppedNow);
        }
        if (startNow) {
            drain(next(true));
        }
        if (queuedStatus != null) {
            return queuedStatus;
        }
        if (overflow) {
            sink.abort(OVERFLOW_CODE, isControl(frame) ? CONTROL_OVERFLOW_REASON : OVERFLOW_REASON);
            return SendStatus.OVERFLOW;
        }
        drain(frame);
        return SendStatus.QUEUED;
    }

    /**
     * The end of the {@link WriteBatch} this outbox held frames for: writes them (together, as far as
     * the batch limits allow) unless a write is already running. Called by the batch's thread.
     */
    void flushHeld() {
        synchronized (this) {
            if (!held) {
                return;
            }
            held = false;
            writing = true;
            writeStartedAt = clock.getAsLong();
        }
        drain(next(true));
    }

    /** Queues the close behind everything already queued. Later offers return {@link SendStatus#CLOSED}. */
    void close(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (writing || held) {
                queue.addLast(new Frame.Close(code, reason));
                return;
            }
        }
        sink.close(code, reason);
    }

    /** The connection is gone: drop everything, accept nothing more. */
    synchronized void terminate() {
        closed = true;
        clearLocked();
    }

    /** Frames that jump the data queue and escape its limits and its overflow policy. */
    private static boolean isControl(Frame frame) {
        return frame instanceof Frame.Ping;
    }

    private void clearLocked() {
        queue.clear();
        control.clear();
        queuedBytes = 0;
    }

    private boolean fits(Frame frame) {
        return queue.size() < maxMessages && queuedBytes + frame.size() <= maxBytes;
    }

    private void abortLocked() {
        closed = true;
        aborted = true;
        clearLocked();
    }

    /**
     * Applies the overflow policy's close if the write in flight started more than
     * {@code timeoutNanos} ago (a peer that stopped reading). Called by the sweeper.
     *
     * @return whether the connection was aborted
     */
    boolean abortIfStuck(long timeoutNanos) {
        synchronized (this) {
            if (!writing || aborted || clock.getAsLong() - writeStartedAt <= timeoutNanos) {
                return false;
            }
            abortLocked();
        }
        // whatever the policy, a write that never completes cannot be unblocked by dropping others
        sink.abort(OVERFLOW_CODE, SEND_TIMEOUT_REASON);
        return true;
    }

    synchronized int queuedMessages() {
        return queue.size();
    }

    synchronized int queuedControlFrames() {
        return control.size();
    }

    /** Data frames this outbox has taken so far (queued, held or written at once). */
    synchronized long accepted() {
        return accepted;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    synchronized long dropped() {
        return dropped;
    }

    /** Writes handed to the sink so far (a batch of frames counts once). */
    long writes() {
        return writes.get();
    }

    /** Its state in a few words, for a log line: the write in flight (for how long) and what waits. */
    synchronized String describe() {
        return (writing ? "a write in flight for " + (clock.getAsLong() - writeStartedAt) / 1_000_000 + " ms" : "no write in flight")
                + (held ? ", held" : "") + ", " + queue.size() + " queued" + (closed ? ", closing" : "");
    }

    synchronized boolean isIdle() {
        return !writing && !held && queue.isEmpty() && control.isEmpty();
    }

    /** Writes {@code frame}, then the frames queued behind it, until the queue is empty or a write is pending. */
    private void drain(Frame frame) {
        while (frame != null) {
            if (frame instanceof Frame.Close c) {
                synchronized (this) {
                    writing = false; // nothing is written after a close: closed stays true
                }
                sink.close(c.code(), c.reason());
                return;
            }
            Write write = new Write();
            writes.incrementAndGet();
            try {
                sink.write(frame, write);
            } catch (RuntimeException e) {
                write.done(false);
            }
            if (!write.arrive()) {
                return; // the completion has not run yet; it will continue
            }
            frame = next(write.ok);
        }
    }

    /** After a write completed: the next frame to write, or {@code null} (and the outbox goes idle). */
    private Frame next(boolean lastWriteOk) {
        synchronized (this) {
            if (!lastWriteOk) {
                // the connection is broken; the container reports the close to the endpoint
                closed = true;
                clearLocked();
                writing = false;
                return null;
            }
            Frame f = control.pollFirst();
            if (f != null) {
                writeStartedAt = clock.getAsLong();
                return f;
            }
            f = queue.pollFirst();
            if (f == null) {
                writing = false;
                return null;
            }
            queuedBytes -= f.size();
            writeStartedAt = clock.getAsLong();
            if (batching && f instanceof Frame.Data first && queue.peekFirst() instanceof Frame.Data) {
                f = batchFrom(first);
            }
            return f;
        }
    }

    /** {@code first} and the data frames queued right behind it, up to the batch limits (under the lock). */
    private Frame batchFrom(Frame.Data first) {
        List<Frame.Data> batch = new ArrayList<>();
        batch.add(first);
        long bytes = first.size();
        while (batch.size() < MAX_BATCH_FRAMES && queue.peekFirst() instanceof Frame.Data next
                && bytes + next.size() <= MAX_BATCH_BYTES) {
            queue.pollFirst();
            queuedBytes -= next.size();
            bytes += next.size();
            batch.add(next);
        }
        return batch.size() == 1 ? first : new Frame.Batch(batch);
    }

    /** One write's completion, and the handshake that decides which thread continues. */
    private final class Write implements Completion {
        private final AtomicBoolean other = new AtomicBoolean();
        private volatile boolean ok;

        @Override
        public void done(boolean ok) {
            this.ok = ok;
            if (arrive()) {
                drain(next(ok));
            }
        }

        /** Returns true for the second of the two parties (send returned, completion ran). */
        boolean arrive() {
            return other.getAndSet(true);
        }
    }
}

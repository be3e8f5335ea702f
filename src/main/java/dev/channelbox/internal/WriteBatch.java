package dev.channelbox.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes held back while one thread queues a run of messages, then flushed together: a member that
 * gets several of them has them written in one write (a {@link Frame.Batch}) instead of one each,
 * as Netty's flush consolidation or Node's cork do. Used around a unit of work whose sends belong
 * together and which runs no code that may block: the Redis delivery thread's run of what arrived
 * together (it flushes before anything that may wait: a Redis call, an event observer). Nothing
 * waits for a batch that is not there: the frames leave when the unit of work ends, when it calls
 * {@link #flushCurrent()}, or as soon as an outbox holds a full batch ({@link Outbox#MAX_BATCH_FRAMES},
 * {@link Outbox#MAX_BATCH_BYTES}).
 *
 * <p>Threads: a batch belongs to the thread that {@link #run}s it (a thread-local); the outboxes it
 * holds know it under their own lock ({@link Outbox#offer}) and are flushed by that thread alone.
 */
public final class WriteBatch {

    private static final ThreadLocal<WriteBatch> CURRENT = new ThreadLocal<>();

    private final List<Outbox> held = new ArrayList<>();

    private WriteBatch() {
    }

    /** The batch the calling thread is running, or null. */
    static WriteBatch current() {
        return CURRENT.get();
    }

    /** Runs {@code work} with writes held, then flushes every outbox it held. */
    public static void run(Runnable work) {
        if (CURRENT.get() != null) { // already inside one: the outer batch flushes
            work.run();
            return;
        }
        WriteBatch batch = new WriteBatch();
        CURRENT.set(batch);
        try {
            work.run();
        } finally {
            CURRENT.remove();
            for (Outbox outbox : batch.held) {
                outbox.flushHeld();
            }
        }
    }

    /**
     * Writes what the calling thread's batch holds now (the batch goes on): before the thread does
     * something that may wait, so that nothing already sent waits with it.
     */
    public static void flushCurrent() {
        WriteBatch batch = CURRENT.get();
        if (batch != null) {
            List<Outbox> outboxes = List.copyOf(batch.held);
            batch.held.clear();
            for (Outbox outbox : outboxes) {
                outbox.flushHeld();
            }
        }
    }

    /** {@code outbox} holds frames for this batch (once per outbox and batch). */
    void hold(Outbox outbox) {
        held.add(outbox);
    }
}

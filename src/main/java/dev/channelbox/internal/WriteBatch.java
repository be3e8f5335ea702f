package dev.channelbox.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes held back while one thread queues a run of messages, then flushed together: a member that
 * gets several of them has them written in one write (a {@link Frame.Batch}) instead of one each,
 * as Netty's flush consolidation or Node's cork do. Used around a unit of work whose sends belong
 * together: the standalone server's handling of what one read brought (several inbound messages,
 * each perhaps a broadcast), the Redis delivery thread's run of what arrived together.
 *
 * <p>Nothing waits long: the frames leave when the unit of work ends, when it calls
 * {@link #flushCurrent()} (the Redis delivery thread, before it waits for Redis), as soon as an
 * outbox holds a full batch ({@link Outbox#MAX_BATCH_FRAMES}, {@link Outbox#MAX_BATCH_BYTES}), and,
 * where the work may run code that blocks (a consumer that broadcasts, then waits on a database),
 * at the latest {@link HeldWrites#HOLD_NANOS} after the first of them was held ({@link HeldWrites}).
 *
 * <p>Threads: a batch belongs to the thread that {@link #run}s it (a thread-local); its list of held
 * outboxes is guarded by the batch's monitor, because {@link HeldWrites} may flush it from its own
 * thread. Each outbox knows whether it is held under its own lock ({@link Outbox#offer}).
 */
public final class WriteBatch {

    private static final ThreadLocal<WriteBatch> CURRENT = new ThreadLocal<>();

    private final HeldWrites watchdog; // null: the work never blocks
    // guarded by this
    private List<Outbox> held = new ArrayList<>();
    private long firstHeldAt;

    private WriteBatch(HeldWrites watchdog) {
        this.watchdog = watchdog;
    }

    /** The batch the calling thread is running, or null. */
    static WriteBatch current() {
        return CURRENT.get();
    }

    /** Runs {@code work}, which never blocks, with writes held; then flushes every outbox it held. */
    public static void run(Runnable work) {
        run(work, null);
    }

    /**
     * Runs {@code work} with writes held; then flushes every outbox it held.
     *
     * @param watchdog flushes what this batch holds once it has waited long enough (work that may
     *                 block); null: the work never blocks
     */
    public static void run(Runnable work, HeldWrites watchdog) {
        if (CURRENT.get() != null) { // already inside one: the outer batch flushes
            work.run();
            return;
        }
        WriteBatch batch = new WriteBatch(watchdog);
        CURRENT.set(batch);
        try {
            work.run();
        } finally {
            CURRENT.remove();
            batch.flush();
        }
    }

    /**
     * Writes what the calling thread's batch holds now (the batch goes on): before the thread does
     * something that may wait, so that nothing already sent waits with it.
     */
    public static void flushCurrent() {
        WriteBatch batch = CURRENT.get();
        if (batch != null) {
            batch.flush();
        }
    }

    /** {@code outbox} holds frames for this batch (called once each time an outbox starts holding). */
    void hold(Outbox outbox) {
        boolean first;
        synchronized (this) {
            first = held.isEmpty();
            held.add(outbox);
            if (first) {
                firstHeldAt = System.nanoTime();
            }
        }
        if (first && watchdog != null) {
            watchdog.watch(this);
        }
    }

    /** Writes everything held now; any thread (the owner, or the watchdog). */
    void flush() {
        List<Outbox> outboxes;
        synchronized (this) {
            if (held.isEmpty()) {
                return;
            }
            outboxes = held;
            held = new ArrayList<>();
        }
        for (Outbox outbox : outboxes) {
            outbox.flushHeld();
        }
    }

    /** When the oldest frames now held were held ({@code System.nanoTime()}), or -1 if none are. */
    synchronized long heldSince() {
        return held.isEmpty() ? -1 : firstHeldAt;
    }
}

package dev.channelbox.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The bound on how long a {@link WriteBatch} may hold frames while its thread runs code that may
 * block: at most {@value #HOLD_NANOS} ns after the first of them was held, this watchdog writes
 * them from its own thread, and the batch goes on. A batch that ends first (the usual case) is only
 * forgotten. One daemon thread per owner (the standalone server), parked while no batch holds
 * anything.
 *
 * <p>Threads: batches {@link #watch} from their own threads; the watchdog thread alone iterates and
 * flushes. The wake-up handshake ({@link #sleeping} then the queue, the queue then {@link #sleeping},
 * both volatile) means a watched batch is never missed by a watchdog about to park.
 */
public final class HeldWrites implements AutoCloseable {

    /** The longest a frame waits in a batch whose thread is busy elsewhere: 1 ms. */
    public static final long HOLD_NANOS = 1_000_000;

    private final ConcurrentLinkedQueue<WriteBatch> watched = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean running = true;

    public HeldWrites(String name) {
        thread = Threads.own(name).newThread(this::loop);
        thread.start();
    }

    /** {@code batch} started holding frames. */
    void watch(WriteBatch batch) {
        watched.add(batch);
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        while (running) {
            long now = System.nanoTime();
            long next = Long.MAX_VALUE;
            for (Iterator<WriteBatch> it = watched.iterator(); it.hasNext(); ) {
                WriteBatch batch = it.next();
                long since = batch.heldSince();
                if (since < 0) {
                    it.remove(); // its thread flushed it
                } else if (now - since >= HOLD_NANOS) {
                    it.remove();
                    batch.flush(); // the batch goes on; it watches again when it holds again
                } else {
                    next = Math.min(next, since + HOLD_NANOS);
                }
            }
            if (next != Long.MAX_VALUE) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            sleeping = true;
            if (watched.isEmpty() && running) {
                LockSupport.park(this);
            }
            sleeping = false;
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.channelbox.standalone;

import dev.channelbox.internal.HeldWrites;
import dev.channelbox.internal.WriteBatch;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Grizzly's worker pool, each task run in a {@link WriteBatch}: a task is what one read event brought
 * (one or several WebSocket messages, each handed to its endpoint in turn), so the frames those
 * messages make a connection send (a publisher's run of broadcasts, a consumer's replies) leave in
 * one write per member when the task ends, not one write each. A lone message costs nothing more:
 * its frames leave as soon as its endpoint returns. A consumer that sends and then blocks (a
 * database call) holds its frames at most {@link HeldWrites#HOLD_NANOS}: the watchdog writes them.
 *
 * <p>Threads: Grizzly's worker threads, unchanged; this only wraps what they run.
 */
final class BatchingWorkers extends AbstractExecutorService {

    private final ExecutorService pool;
    private final HeldWrites watchdog;

    BatchingWorkers(ExecutorService pool, HeldWrites watchdog) {
        this.pool = pool;
        this.watchdog = watchdog;
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(() -> WriteBatch.run(task, watchdog));
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}

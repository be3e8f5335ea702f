package dev.channelbox.internal;

import dev.channelbox.ChannelBoxConfig;

import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's one background thread ({@code channelbox-sweeper-N}): every
 * {@code expirySweepInterval} it closes expired channels, aborts writes stuck past the send timeout,
 * runs the heartbeat, releases connections we dropped whose close the container never reported, and
 * ages history out; in between it hands {@code DeliveryProblem}s to their observers, so no sending
 * thread ever runs user code. Only that thread runs what is scheduled here.
 */
final class Sweeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sweeper.class.getName());

    private final ScheduledThreadPoolExecutor executor =
            new ScheduledThreadPoolExecutor(1, Threads.factory("channelbox-sweeper"));
    private final ChannelBoxConfig config;
    private final Collection<Connection> connections;
    private final Runnable cleanExpired;
    private final HistoryStore history;

    /**
     * @param connections  a live view of the open connections
     * @param cleanExpired closes expired channels ({@code ChannelBox.cleanExpired()})
     */
    Sweeper(ChannelBoxConfig config, Collection<Connection> connections, Runnable cleanExpired, HistoryStore history) {
        this.config = config;
        this.connections = connections;
        this.cleanExpired = cleanExpired;
        this.history = history;
        executor.setRemoveOnCancelPolicy(true);
        long every = config.expirySweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the sweeper thread soon; dropped once the application is stopping. */
    void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // the application is stopping: whatever logged before is all there is
        }
    }

    private void sweep() {
        try {
            cleanExpired.run();
            long now = System.nanoTime();
            long interval = config.heartbeatInterval().toNanos();
            long timeout = config.heartbeatTimeout().toNanos();
            long grace = Math.max(timeout, TimeUnit.SECONDS.toNanos(2));
            for (Connection c : connections) {
                if (!c.outbox().abortIfStuck(c.sendTimeoutNanos()) && interval > 0) {
                    c.heartbeat(now, interval, timeout);
                }
                c.releaseIfAbandoned(now, grace);
            }
            history.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelBox: the background sweep failed; it will run again", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

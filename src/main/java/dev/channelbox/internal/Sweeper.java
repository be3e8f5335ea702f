package dev.channelbox.internal;

import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.DeliveryProblem;

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

    private final ScheduledThreadPoolExecutor executor;
    private final ChannelBoxConfig config;
    private final Ticker ticker;
    private final Collection<Connection> connections;
    private final Runnable cleanExpired;
    private final Broker broker;

    /**
     * @param connections  a live view of the open connections
     * @param cleanExpired closes expired channels ({@code ChannelBox.cleanExpired()})
     */
    Sweeper(ChannelBoxConfig config, Ticker ticker, Collection<Connection> connections, Runnable cleanExpired,
            Broker broker, Threads threads) {
        this.executor = new ScheduledThreadPoolExecutor(1, threads.factory("channelbox-sweeper"));
        this.config = config;
        this.ticker = ticker;
        this.connections = connections;
        this.cleanExpired = cleanExpired;
        this.broker = broker;
        executor.setRemoveOnCancelPolicy(true);
        long every = config.expirySweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the sweeper thread soon; dropped once the application is stopping. */
    void execute(Runnable task) {
        tryExecute(task);
    }

    /** {@link #execute}, telling whether the task was taken (false: the application is stopping). */
    boolean tryExecute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false; // the application is stopping: whatever logged before is all there is
        }
    }

    /**
     * Runs {@code task} on the sweeper thread once {@link #closeGraceNanos()} has passed; dropped once
     * the application is stopping (its shutdown closes every connection anyway).
     */
    void afterCloseGrace(Runnable task) {
        try {
            executor.schedule(task, closeGraceNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // the application is stopping
        }
    }

    /**
     * How long a connection we dropped may take to close: the container's closing handshake gets
     * the heartbeat's timeout (at least 2 s) for the peer to take our close frame.
     */
    long closeGraceNanos() {
        return Math.max(config.heartbeatTimeout().toNanos(), TimeUnit.SECONDS.toNanos(2));
    }

    private void sweep() {
        try {
            cleanExpired.run();
            long now = ticker.nanoTime();
            long interval = config.heartbeatInterval().toNanos();
            long timeout = config.heartbeatTimeout().toNanos();
            long grace = closeGraceNanos();
            for (Connection c : connections) {
                if (!c.outbox().abortIfStuck(c.sendTimeoutNanos()) && interval > 0) {
                    heartbeat(c, now, interval, timeout);
                }
                releaseIfAbandoned(c, now, grace);
            }
            broker.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelBox: the background sweep failed; it will run again", e);
        }
    }

    /**
     * Pings a peer whose last pong is {@code interval} old (the ping jumps the queued data, see
     * {@link Outbox}); a peer that has not answered {@code timeout} after the ping was written is gone,
     * and the connection is dropped. A ping whose write does not complete is the send timeout's case
     * ({@link Outbox#abortIfStuck}), not this one: a slow reader behind queued data is not taken for a
     * dead one.
     */
    private static void heartbeat(Connection c, long now, long interval, long timeout) {
        if (!c.isLive()) {
            return;
        }
        if (c.heartbeat().overdue(now, timeout)) {
            c.abort(1001, "heartbeat timeout", DeliveryProblem.Kind.HEARTBEAT_TIMEOUT,
                    "no pong within " + timeout / 1_000_000 + " ms of a ping");
            return;
        }
        Frame.Ping ping = c.heartbeat().nextPing(now, interval);
        if (ping != null) {
            c.outbox().offer(ping);
        }
    }

    /**
     * A connection we dropped, or whose close frame we handed the container, that the container has
     * not reported closed after {@code grace}: runs the close path here (no other callback will come
     * for it). A container may lose the close of a peer that vanished as we closed it (seen on Open
     * Liberty); without this the connection would stay registered (its groups, its slot of the
     * per-address cap) until the application stops, since a closing connection gets no pings.
     */
    private static void releaseIfAbandoned(Connection c, long now, long grace) {
        long at = c.closingSince();
        RouteSession rs = c.routeSession();
        if (at != 0 && c.isOpen() && now - at > grace && rs != null) {
            LOG.fine(() -> "ChannelBox: the container did not report the close of " + c.id() + "; releasing it");
            c.closeTransport();
            rs.closed(1006, "connection dropped");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

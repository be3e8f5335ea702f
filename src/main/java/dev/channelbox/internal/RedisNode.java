package dev.channelbox.internal;

import dev.channelbox.BrokerEvent;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node among the others: its heartbeat, the reaping of dead nodes, and whether Redis can be
 * reached.
 *
 * <p>Every {@value #HEARTBEAT_MILLIS} ms the node records its heartbeat in {@code P:nodes} and reaps
 * every node silent for {@value #DEAD_AFTER_MILLIS} ms (one atomic script, so a dead node is reaped
 * once, by whichever survivor comes first): a node that dies without a goodbye stops being counted
 * within 13 s. If this node finds itself reaped (it was cut off longer than that) or has been cut off
 * at all, it syncs: one script replaces what Redis holds for it with what it holds now. Then the
 * feeds compare their positions and replay what they missed.
 *
 * <p>Reachability: any failed command or lost connection makes Redis unreachable (logged and
 * reported once per outage); a successful command with both connections up restores it, and the
 * heartbeat runs at once to sync.
 *
 * <p>Threads: one heartbeat thread runs beats and syncs; the other methods are called from any thread
 * and only set flags or schedule a beat.
 */
final class RedisNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisNode.class.getName());
    static final long HEARTBEAT_MILLIS = 3_000;
    static final long DEAD_AFTER_MILLIS = 10_000;

    private final RedisBroker broker;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile boolean needSync = true;
    /** A command failed (timeout, refused) and none has succeeded since. */
    private volatile boolean commandsFailing;
    private volatile boolean commandsConnected = true;
    private volatile boolean pubSubConnected = true;
    /** Joins and leaves so far: a sync that raced one runs again. */
    private final AtomicLong changes = new AtomicLong();

    RedisNode(RedisBroker broker, Threads threads) {
        this.broker = broker;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads.factory("channelbox-redis-heartbeat"));
    }

    /** Whether Redis is known to be unreachable now (between the outage's log line and its end). */
    boolean isDown() {
        return down.get();
    }

    /** Registers this node (on the calling thread), then beats in the background. */
    void start() {
        beat();
        timer.scheduleWithFixedDelay(this::beat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A membership changed. */
    void changed() {
        changes.incrementAndGet();
    }

    private void beat() {
        try {
            RedisLink link = broker.link();
            long known = RedisBroker.number(link.eval(RedisScripts.HEARTBEAT, List.of(broker.key("nodes")),
                    RedisBroker.args(broker.node())));
            if (known == 0 || needSync) {
                needSync = false;
                long before = changes.get();
                link.eval(RedisScripts.SYNC, List.of(broker.key("nodes"), broker.key("groups")), broker.registration());
                if (changes.get() != before) {
                    needSync = true; // a join or leave raced the snapshot: again at the next beat
                }
            }
            List<?> reaped = (List<?>) link.eval(RedisScripts.REAP, List.of(broker.key("nodes"), broker.key("groups")),
                    RedisBroker.args(broker.prefix(), Long.toString(DEAD_AFTER_MILLIS)));
            if (!reaped.isEmpty()) {
                LOG.info(() -> "ChannelBox: reaped " + reaped.size() + " node(s) silent for " + DEAD_AFTER_MILLIS
                        + " ms; their members are gone");
            }
            reachable();
            broker.feeds().execute(broker.feeds()::checkPositions);
        } catch (RedisLink.Unavailable e) {
            unreachable(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelBox: the Redis heartbeat failed", e);
        }
    }

    void connectionUp(boolean pubSub) {
        if (pubSub) {
            pubSubConnected = true;
        } else {
            commandsConnected = true;
        }
        reachable();
    }

    void connectionDown(boolean pubSub) {
        if (pubSub) {
            pubSubConnected = false;
        } else {
            commandsConnected = false;
        }
        unreachable(null);
    }

    void reachable() {
        commandsFailing = false;
        if (commandsConnected && pubSubConnected && down.compareAndSet(true, false)) {
            LOG.info("ChannelBox: Redis is reachable again; syncing this node and replaying what it missed");
            broker.fire(new BrokerEvent(BrokerEvent.Kind.RESTORED, null, "Redis reachable again"));
            needSync = true;
            try {
                timer.execute(this::beat);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    void unreachable(RuntimeException cause) {
        needSync = true;
        if (cause != null) {
            commandsFailing = true;
        }
        if (down.compareAndSet(false, true)) {
            String detail = cause == null ? "connection lost" : cause.getMessage();
            LOG.warning(() -> "ChannelBox: Redis unreachable (" + detail + "); group sends reach this node's members only"
                    + " until it is back");
            broker.fire(new BrokerEvent(BrokerEvent.Kind.UNREACHABLE, null, detail));
        }
    }

    /**
     * Whether commands cannot get through now (the command connection is down, or the last command
     * failed): group sends then skip Redis. Only a lost subscriber connection does not count: sends
     * still reach Redis (and the other nodes) while this node waits to hear again.
     */
    boolean commandsDown() {
        return !commandsConnected || commandsFailing;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.channelbox.internal;

import dev.channelbox.DeliveryProblem;
import dev.channelbox.DeliveryStats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The application's counters behind {@code deliveryStats()} and the metrics ({@link ChannelBoxMXBean}).
 * Any thread: each is a {@link LongAdder}.
 */
final class DeliveryCounters {

    private final LongAdder dropped = new LongAdder();
    private final LongAdder overflowCloses = new LongAdder();
    private final LongAdder sendTimeouts = new LongAdder();
    private final LongAdder heartbeatTimeouts = new LongAdder();
    private final LongAdder unpublished = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder refusedHandshakes = new LongAdder();
    private final LongAdder closedOutboxes = new LongAdder(); // messages accepted by the outboxes of closed connections

    /** A message arrived from a client (before the rate limit). */
    void messageIn() {
        messagesIn.increment();
    }

    /** A message the rate limit refused. */
    void rateLimited() {
        rateLimited.increment();
    }

    /** A handshake refused by the route's origin rule or access rules (guard, authentication, roles). */
    void refusedHandshake() {
        refusedHandshakes.increment();
    }

    /** A connection was released: what its outbox accepted stays counted. */
    void outboxClosed(long accepted) {
        closedOutboxes.add(accepted);
    }

    long messagesIn() {
        return messagesIn.sum();
    }

    long rateLimitHits() {
        return rateLimited.sum();
    }

    long refusedHandshakes() {
        return refusedHandshakes.sum();
    }

    long closedOutboxes() {
        return closedOutboxes.sum();
    }

    /** A group send reached only this node (Redis unreachable). */
    void unpublished() {
        unpublished.increment();
    }

    /** Publications this node's members missed (gone from the replay log). */
    void lost(long count) {
        lost.add(count);
    }

    /** Messages an outbox dropped (DROP_OLDEST). */
    void dropped(long count) {
        dropped.add(count);
    }

    /** A problem of {@code kind}; dropped messages are counted per message by {@link #dropped}. */
    void count(DeliveryProblem.Kind kind) {
        switch (kind) {
            case OUTBOX_OVERFLOW -> overflowCloses.increment();
            case SEND_TIMEOUT -> sendTimeouts.increment();
            case HEARTBEAT_TIMEOUT -> heartbeatTimeouts.increment();
            case MESSAGES_DROPPED -> { }
        }
    }

    DeliveryStats stats(int connections, long queuedMessages) {
        return new DeliveryStats(connections, queuedMessages, dropped.sum(), overflowCloses.sum(), sendTimeouts.sum(),
                heartbeatTimeouts.sum(), unpublished.sum(), lost.sum());
    }
}

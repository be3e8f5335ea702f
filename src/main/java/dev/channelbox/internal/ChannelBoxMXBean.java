package dev.channelbox.internal;

/**
 * The application's ChannelBox as a JMX MXBean, registered as
 * {@code dev.channelbox:type=ChannelBox,application=<name>} while the application runs (the platform
 * MBean server, on every runtime and standalone). Every attribute is read when asked: counts since
 * the application started, and what is open or queued now, on this node.
 */
public interface ChannelBoxMXBean {

    /** Connections open now. */
    int getConnections();

    /** Groups with at least one member on this node. */
    int getGroups();

    /** Memberships on this node (a channel in two groups counts twice). */
    long getMembers();

    /** Messages received from clients (rate-limited ones included). */
    long getMessagesIn();

    /** Messages taken for delivery to clients (one per member a group send reaches). */
    long getMessagesOut();

    /** Messages waiting in outboxes now. */
    long getQueuedMessages();

    /** Bytes waiting in outboxes now. */
    long getQueuedBytes();

    /** Messages dropped by a full outbox under {@code DROP_OLDEST}. */
    long getDroppedMessages();

    /** Connections closed because their outbox overflowed. */
    long getOverflowCloses();

    /** Connections closed because a write stayed in flight past the send timeout. */
    long getSendTimeouts();

    /** Connections closed because the peer stopped answering pings. */
    long getHeartbeatCloses();

    /** Handshakes refused by a route's origin or access rules (guards, authentication, roles). */
    long getRefusedHandshakes();

    /** Messages the rate limit refused. */
    long getRateLimitHits();

    /** Several nodes: group sends that reached only this node's members (Redis unreachable). */
    long getUnpublishedSends();

    /** Several nodes: messages this node's members missed (gone from Redis's replay log). */
    long getLostPublications();

    /** Whether the broker is reachable (in memory: always). */
    boolean isBrokerReachable();

    /** {@code memory} (one node) or {@code redis} (several nodes). */
    String getBroker();

    /** All of them at one instant. */
    record Snapshot(int connections, int groups, long members, long messagesIn, long messagesOut, long queuedMessages,
                    long queuedBytes, long droppedMessages, long overflowCloses, long sendTimeouts, long heartbeatCloses,
                    long refusedHandshakes, long rateLimitHits, long unpublishedSends, long lostPublications,
                    boolean brokerReachable, String broker) {
    }
}

package dev.channelbox;

/**
 * Delivery counters of a {@link ChannelBox}, since the application started: what slow or vanished
 * clients cost. A snapshot; {@link ChannelBox#deliveryStats()} takes a new one.
 *
 * @param connections        open connections now
 * @param queuedMessages     messages waiting in outboxes now, all connections together
 * @param droppedMessages    messages dropped under {@link OverflowPolicy#DROP_OLDEST}
 * @param overflowCloses     connections closed because their outbox overflowed ({@link OverflowPolicy#CLOSE})
 * @param sendTimeouts       connections closed because a write stayed in flight past the send timeout
 * @param heartbeatTimeouts  connections closed because the peer stopped answering pings
 * @param unpublishedSends   several nodes: group sends that reached only this node's members because
 *                           Redis could not be reached
 * @param lostPublications   several nodes: messages of other nodes this node's members missed, because
 *                           they were no longer in Redis's replay log when this node could read them
 */
public record DeliveryStats(int connections, long queuedMessages, long droppedMessages, long overflowCloses,
                            long sendTimeouts, long heartbeatTimeouts, long unpublishedSends,
                            long lostPublications) {
}

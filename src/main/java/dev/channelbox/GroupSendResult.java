package dev.channelbox;

/**
 * The result of a group send. A group that does not exist gives {@code (0, 0)}.
 *
 * <p>On one node (the default) the message is in the members' outboxes when the call returns:
 * {@code queued} members accepted it, {@code rejected} refused it because their connection was
 * closing or their outbox overflowed. With several nodes on Redis, the message went to every node in
 * one step and each node queues it for its own members as it arrives: {@code queued} is the number
 * of members, on all nodes, the group had when the message was published, and an outbox that refuses
 * it is counted on its own node ({@link ChannelBox#deliveryStats()}).
 *
 * @param queued    members the message was queued for (see above)
 * @param rejected  members that did not get it ({@link SendStatus#CLOSED} or {@link SendStatus#OVERFLOW})
 * @param published whether every node got the message: always on one node; with Redis, {@code false}
 *                  when Redis could not be reached within the command timeout, and then only this
 *                  node's members got it (and it was not saved in history)
 */
public record GroupSendResult(int queued, int rejected, boolean published) {

    /** A result on one node (or published to every node). */
    public GroupSendResult(int queued, int rejected) {
        this(queued, rejected, true);
    }
}

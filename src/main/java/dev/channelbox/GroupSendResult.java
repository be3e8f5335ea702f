package dev.channelbox;

/**
 * The result of a group send. A group that does not exist gives {@code (0, 0)}.
 *
 * <p>On one node (the default) the message is in the members' outboxes when the call returns:
 * {@code queued} members accepted it, {@code rejected} refused it because their connection was
 * closing or their outbox overflowed.
 *
 * <p>With several nodes on Redis the call does not wait for Redis: the message is handed to it (one
 * command, behind the node's earlier ones) and every node, this one included, queues it for its own
 * members once Redis has numbered it. {@code queued} is then the number of this node's members at
 * the call ({@code group(name).size()} counts all nodes'), {@code rejected} is 0, and an outbox that
 * refuses the message later is counted on its node ({@link ChannelBox#deliveryStats()}).
 *
 * @param queued    members the message was queued for (see above)
 * @param rejected  members that did not get it ({@link SendStatus#CLOSED} or {@link SendStatus#OVERFLOW})
 * @param published whether the message went to every node: always on one node; with Redis,
 *                  {@code false} when Redis was known to be unreachable, and then only this node's
 *                  members got it, now (and it was not saved in history)
 */
public record GroupSendResult(int queued, int rejected, boolean published) {

    /** A result on one node (or published to every node). */
    public GroupSendResult(int queued, int rejected) {
        this(queued, rejected, true);
    }
}

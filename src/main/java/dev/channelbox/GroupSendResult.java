package dev.channelbox;

/**
 * The result of a group send: how many members had the message queued, and how many refused it
 * because their connection was closing or their outbox overflowed. A group that does not exist gives
 * {@code (0, 0)}.
 *
 * @param queued   members whose outbox accepted the message
 * @param rejected members that did not get it ({@link SendStatus#CLOSED} or {@link SendStatus#OVERFLOW})
 */
public record GroupSendResult(int queued, int rejected) {
}

package dev.channelbox;

/**
 * A CDI event about the link between this node and the others (several nodes on Redis; never fired
 * on one node): observe it ({@code void on(@Observes BrokerEvent e)}) to alert. Fired on a ChannelBox
 * thread; keep observers quick.
 *
 * @param kind   what happened
 * @param group  the group concerned, or {@code null} for the whole link
 * @param detail a human-readable description
 */
public record BrokerEvent(Kind kind, String group, String detail) {

    /** What happened. */
    public enum Kind {
        /**
         * Redis could not be reached (once per outage). Until it can, group sends reach only this
         * node's members and say so ({@link GroupSendResult#published()} is false).
         */
        UNREACHABLE,
        /** Redis answers again: subscriptions and this node's memberships are restored. */
        RESTORED,
        /**
         * The group's state in Redis was lost (Redis restarted without its data, or the group's keys
         * expired): its epoch changed, and its offsets start again. Clients that track positions must
         * resynchronise (for example reload the history).
         */
        EPOCH_CHANGED,
        /**
         * Messages published to the group while this node could not receive them were no longer in
         * Redis's replay log when it could: its members here missed them.
         */
        MESSAGES_LOST
    }
}

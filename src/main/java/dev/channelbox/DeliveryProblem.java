package dev.channelbox;

/**
 * A CDI event fired when ChannelBox gives up on delivering to a client, once per connection and
 * kind: observe it ({@code void on(@Observes DeliveryProblem p)}) to alert or count. Fired on
 * ChannelBox's background thread, never on the thread that was sending, so an observer cannot slow a
 * broadcast down; keep observers quick all the same.
 *
 * @param channelId the connection's id (also its channel's)
 * @param path      the route's path template
 * @param kind      what happened
 * @param detail    a human-readable description (limits, durations)
 */
public record DeliveryProblem(String channelId, String path, Kind kind, String detail) {

    /** What went wrong. */
    public enum Kind {
        /** The outbox was full: the connection was closed with 1008 {@code "outbox overflow"}. */
        OUTBOX_OVERFLOW,
        /** The outbox was full: the oldest messages were dropped (first time only for this connection). */
        MESSAGES_DROPPED,
        /** A write stayed in flight past the send timeout: closed with 1008 {@code "send timeout"}. */
        SEND_TIMEOUT,
        /** The peer answered no ping: closed with 1001 {@code "heartbeat timeout"}. */
        HEARTBEAT_TIMEOUT
    }
}

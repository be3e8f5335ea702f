package dev.channelbox;

/**
 * What happens when a send finds a connection's outbox full. (A write that stays in flight past the
 * send timeout always closes the connection with 1008 {@code "send timeout"}: dropping queued
 * messages cannot unblock a peer that has stopped reading.)
 */
public enum OverflowPolicy {
    /**
     * Close the connection with 1008 {@code "outbox overflow"} and drop what it had queued: a client
     * that cannot keep up is disconnected and can reconnect (and replay history).
     */
    CLOSE,
    /**
     * Keep the connection and drop the oldest queued messages until the new one fits; a message larger
     * than the whole outbox is dropped itself. The send returns {@link SendStatus#OVERFLOW} only then.
     */
    DROP_OLDEST
}

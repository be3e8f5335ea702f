package dev.channelbox;

/** What happens when a send finds a connection's outbox full, or a write stays in flight past the send timeout. */
public enum OverflowPolicy {
    /**
     * Close the connection with 1008 {@code "outbox overflow"} and drop what it had queued: a client
     * that cannot keep up is disconnected and can reconnect (and replay history).
     */
    CLOSE,
    /** Keep the connection and drop the oldest queued messages until the new one fits. */
    DROP_OLDEST
}

package dev.channelbox;

/**
 * What happened to a single send ({@link WebSocket#sendText}, {@link Channel#send},
 * {@link ChannelBox#sendTo}). Sends never block on the network: {@link #QUEUED} means the message is
 * in the connection's outbox and will be written in order.
 */
public enum SendStatus {
    /** In the outbox; it will be written after every message queued before it. */
    QUEUED,
    /** The connection is closed or closing; nothing was queued. */
    CLOSED,
    /**
     * The outbox was full (the peer reads slower than it is written to): the route's overflow policy
     * applied. Under {@code CLOSE} the connection is being closed and this message was not queued.
     */
    OVERFLOW,
    /** {@link ChannelBox#sendTo}: no live channel has this id. */
    NO_SUCH_CHANNEL,
    /**
     * {@link ChannelBox#sendTo} with several nodes: the channel is not on this node, and Redis could not
     * be reached within the command timeout to find it; nothing was sent.
     */
    UNREACHABLE
}

package dev.channelbox;

/**
 * A CDI event: a channel joined or left a group ({@code void on(@Observes PresenceEvent e)}). Fired on
 * the node where it happened, and with several nodes also on every node that has members of the
 * group then, so an observer sees the whole group from any of them. A channel whose connection closes
 * leaves its groups (one {@code LEAVE} each), and so do the channels of a node that stops or dies
 * (with Redis, once the node is reaped). Fired on the thread that made the change or on a ChannelBox
 * thread: keep observers quick.
 *
 * <p>On routes with {@link WebSocketRoute#presence() presence}, clients see the same as
 * {@code {"channelbox":"join",...}} and {@code {"channelbox":"leave",...}} frames.
 *
 * @param kind    joined or left
 * @param group   the group
 * @param channel the channel, with the {@link Channel#attributes() attributes} it had when it joined
 *                (on other nodes than its own, a channel whose {@code send} and {@code close} go
 *                through Redis)
 */
public record PresenceEvent(Kind kind, String group, Channel channel) {

    /** Joined or left. */
    public enum Kind { JOIN, LEAVE }
}

package dev.channelbox;

/**
 * The result of {@link ChannelBox#addChannelToGroup(Channel, String, Position)}: the join, and what
 * the channel was given of what it missed.
 *
 * @param status   as for a plain join; only {@link JoinStatus#ADDED} recovers anything
 * @param recovery the messages queued for the channel before any live message of the group (none
 *                 unless {@code ADDED}), and whether they are exactly what it missed
 */
public record RecoveringJoin(JoinStatus status, Recovery recovery) {
}

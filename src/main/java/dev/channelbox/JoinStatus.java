package dev.channelbox;

/** The result of {@link ChannelBox#addChannelToGroup} and {@link WebSocketConsumer#joinGroup}. */
public enum JoinStatus {
    /** The channel is now a member of the group (the group was created if it did not exist). */
    ADDED,
    /** The channel was already a member; nothing changed. */
    ALREADY_MEMBER,
    /** The channel's connection is closed; closed channels never join groups. */
    CHANNEL_CLOSED,
    /** The group name is empty, longer than {@link ChannelBox#MAX_GROUP_NAME_LENGTH} or has control characters. */
    INVALID_GROUP_NAME,
    /**
     * The group has as many members as the joining channel's route allows
     * ({@code @WebSocketRoute(maxGroupMembers = ...)} or {@link ChannelBoxConfig#maxGroupMembers()}).
     */
    GROUP_FULL
}

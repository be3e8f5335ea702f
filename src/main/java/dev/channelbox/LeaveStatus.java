package dev.channelbox;

/** The result of {@link ChannelBox#removeChannelFromGroup} and {@link WebSocketConsumer#leaveGroup}. */
public enum LeaveStatus {
    /** The channel left the group; a group left empty is removed. */
    REMOVED,
    /** The group exists but the channel is not a member. */
    NOT_A_MEMBER,
    /** There is no group of that name. */
    NO_SUCH_GROUP
}

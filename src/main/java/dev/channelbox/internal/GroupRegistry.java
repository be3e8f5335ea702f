package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.GroupSendResult;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.SendStatus;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Groups and their members.
 *
 * <p>Each group's members are an immutable array, replaced on every join or leave (copy on write).
 * Broadcasts, far more frequent than membership changes in a chat, iterate the array they read
 * without any lock or copy, and see each member exactly once: a channel that joins or leaves during
 * a broadcast gets the message or not. (A live concurrent set would not do: its iterator can meet a
 * channel that leaves and re-joins twice.)
 *
 * <p>Membership changes of one group happen inside {@link ConcurrentHashMap#compute} on its key,
 * which serialises them per group; the same atomic step updates the channel's own set of group
 * names, so "channel in group" and "group knows channel" never disagree, and a group left empty is
 * removed in the step that emptied it.
 *
 * <p>A join racing with the channel's close: the close marks the channel closed and then leaves
 * every group in its set; the join adds first and then checks for closed, undoing itself if so.
 * Whichever runs second sees the other's write, so a closed channel never stays in a group.
 */
final class GroupRegistry {

    private static final ChannelImpl[] NONE = new ChannelImpl[0];

    private final ConcurrentHashMap<String, ChannelImpl[]> groups = new ConcurrentHashMap<>();
    /**
     * How many members of each group are on presence routes (absent: none), changed in the same
     * per-group step as the members: a join or leave is delivered only where someone listens, so a
     * join storm in a room without presence clients does not visit every member for each join.
     */
    private final ConcurrentHashMap<String, Integer> listening = new ConcurrentHashMap<>();

    /** @param maxMembers the most members the group may have after this join; 0: unlimited */
    JoinStatus join(ChannelImpl channel, String group, int maxMembers) {
        if (!isValidName(group)) {
            return JoinStatus.INVALID_GROUP_NAME;
        }
        if (!channel.isOpen()) {
            return JoinStatus.CHANNEL_CLOSED;
        }
        JoinStatus[] result = {JoinStatus.ALREADY_MEMBER};
        groups.compute(group, (name, members) -> {
            if (members == null) {
                members = NONE;
            }
            // the channel's own set says it in O(1): both change together, under this group's lock
            if (channel.memberOf().contains(name)) {
                return members;
            }
            if (maxMembers > 0 && members.length >= maxMembers) {
                result[0] = JoinStatus.GROUP_FULL;
                return members.length == 0 ? null : members;
            }
            ChannelImpl[] grown = Arrays.copyOf(members, members.length + 1);
            grown[members.length] = channel;
            channel.memberOf().add(name);
            if (channel.presence()) {
                listening.merge(name, 1, Integer::sum);
            }
            result[0] = JoinStatus.ADDED;
            return grown;
        });
        if (result[0] == JoinStatus.ADDED && !channel.isOpen()) {
            leave(channel, group);
            return JoinStatus.CHANNEL_CLOSED;
        }
        return result[0];
    }

    LeaveStatus leave(ChannelImpl channel, String group) {
        if (group == null) {
            return LeaveStatus.NO_SUCH_GROUP;
        }
        LeaveStatus[] result = {LeaveStatus.NO_SUCH_GROUP};
        groups.computeIfPresent(group, (name, members) -> {
            int i = indexOf(members, channel);
            if (i < 0) {
                result[0] = LeaveStatus.NOT_A_MEMBER;
                return members;
            }
            channel.memberOf().remove(name);
            if (channel.presence()) {
                listening.computeIfPresent(name, (g, n) -> n == 1 ? null : n - 1);
            }
            result[0] = LeaveStatus.REMOVED;
            if (members.length == 1) {
                return null; // the group disappears with its last member
            }
            ChannelImpl[] shrunk = new ChannelImpl[members.length - 1];
            System.arraycopy(members, 0, shrunk, 0, i);
            System.arraycopy(members, i + 1, shrunk, i, members.length - i - 1);
            return shrunk;
        });
        return result[0];
    }

    /** Leaves every group (the channel's connection closed). */
    void leaveAll(ChannelImpl channel) {
        for (String group : channel.memberOf()) {
            leave(channel, group);
        }
    }

    /** Queues the message in the outbox of every member at this instant (the calling thread). */
    GroupSendResult deliver(GroupMessage message) {
        if (message.presence != null && !listening.containsKey(message.group)) {
            return new GroupSendResult(0, 0); // a join or leave nobody here shows
        }
        int queued = 0;
        int rejected = 0;
        for (ChannelImpl member : membersForSend(message.group)) {
            if (member.deliver(message) == SendStatus.QUEUED) {
                queued++;
            } else {
                rejected++;
            }
        }
        return new GroupSendResult(queued, rejected);
    }

    /** Whether the channel is a member of the group now. */
    boolean isMember(ChannelImpl channel, String group) {
        return group != null && channel.memberOf().contains(group);
    }

    /** The members at this instant, for one broadcast: never modified, never copied. */
    ChannelImpl[] membersForSend(String group) {
        ChannelImpl[] members = group == null ? null : groups.get(group);
        return members == null ? NONE : members;
    }

    Set<Channel> members(String group) {
        return Set.of(membersForSend(group));
    }

    Map<String, Set<Channel>> snapshot() {
        return groups.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.<Channel>of(e.getValue())));
    }

    private static int indexOf(ChannelImpl[] members, ChannelImpl channel) {
        for (int i = 0; i < members.length; i++) {
            if (members[i] == channel) {
                return i;
            }
        }
        return -1;
    }

    /** 1 to {@link ChannelBox#MAX_GROUP_NAME_LENGTH} characters, no control characters. */
    static boolean isValidName(String group) {
        if (group == null || group.isEmpty() || group.length() > ChannelBox.MAX_GROUP_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < group.length(); i++) {
            if (Character.isISOControl(group.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Groups and their members.
 *
 * <p>Concurrency: membership changes of one group happen inside {@link ConcurrentHashMap#compute}
 * on that group's key, which serialises them per group; the same atomic step updates the channel's
 * own set of group names, so "channel in group" and "group knows channel" never disagree, and a
 * group left empty is removed in the step that emptied it (a concurrent join either comes before and
 * keeps it, or after and creates a new one). Broadcasts iterate a member set without locking:
 * concurrent sets iterate weakly consistently, so a channel joining or leaving during a broadcast
 * gets the message or not, and nothing breaks.
 *
 * <p>A join racing with the channel's close: the close marks the channel closed and then leaves
 * every group in its set; the join adds first and then checks for closed, undoing itself if so.
 * Whichever runs second sees the other's write, so a closed channel never stays in a group.
 */
final class GroupRegistry {

    private final ConcurrentHashMap<String, Set<ChannelImpl>> groups = new ConcurrentHashMap<>();

    JoinStatus join(ChannelImpl channel, String group) {
        if (!isValidName(group)) {
            return JoinStatus.INVALID_GROUP_NAME;
        }
        if (!channel.isOpen()) {
            return JoinStatus.CHANNEL_CLOSED;
        }
        boolean[] added = new boolean[1];
        groups.compute(group, (name, members) -> {
            if (members == null) {
                members = ConcurrentHashMap.newKeySet();
            }
            added[0] = members.add(channel);
            channel.memberOf().add(name);
            return members;
        });
        if (!channel.isOpen()) {
            leave(channel, group);
            return JoinStatus.CHANNEL_CLOSED;
        }
        return added[0] ? JoinStatus.ADDED : JoinStatus.ALREADY_MEMBER;
    }

    LeaveStatus leave(ChannelImpl channel, String group) {
        if (group == null) {
            return LeaveStatus.NO_SUCH_GROUP;
        }
        LeaveStatus[] result = {LeaveStatus.NO_SUCH_GROUP};
        groups.computeIfPresent(group, (name, members) -> {
            if (members.remove(channel)) {
                channel.memberOf().remove(name);
                result[0] = LeaveStatus.REMOVED;
            } else {
                result[0] = LeaveStatus.NOT_A_MEMBER;
            }
            return members.isEmpty() ? null : members;
        });
        return result[0];
    }

    /** Leaves every group (the channel's connection closed). */
    void leaveAll(ChannelImpl channel) {
        for (String group : channel.memberOf()) {
            leave(channel, group);
        }
    }

    /** The live member set, for iteration by a broadcast; empty if there is no such group. */
    Set<ChannelImpl> membersView(String group) {
        Set<ChannelImpl> members = group == null ? null : groups.get(group);
        return members == null ? Set.of() : members;
    }

    Set<Channel> members(String group) {
        return Set.copyOf(membersView(group));
    }

    Map<String, Set<Channel>> snapshot() {
        return groups.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), Set.<Channel>copyOf(e.getValue())))
                .filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    int size() {
        return groups.size();
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

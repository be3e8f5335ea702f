package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.GroupSendResult;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.SendStatus;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Groups and their members.
 *
 * <p>A group's members are the non-null slots below {@code size} of an array ({@link Members}), read by
 * broadcasts without any lock or copy. A join writes the slot at {@code size} and publishes a new
 * {@code Members} with {@code size + 1}; a leave writes null into the leaver's slot; so a join or leave
 * costs no copy of the group (a copy per change made filling a room of n members cost n²/2 copied
 * slots, and their garbage: 200 MB for a room of 10,000 in a reconnect storm). The array is replaced,
 * compacted, only when it is full or when at least half of its slots are empty: amortised O(1) per
 * change. A broadcast sees each member exactly once: a channel present throughout is in its slot in
 * every snapshot; one that joins or leaves during the broadcast gets the message or not; one that
 * leaves and joins again during it is in a slot that broadcast does not read (a later one, above its
 * snapshot's {@code size}), or its earlier slot was already emptied when that snapshot was published.
 * (A live concurrent set would not do: its iterator can meet a channel that leaves and re-joins twice.)
 *
 * <p>Membership changes of one group happen inside {@link ConcurrentHashMap#compute} on its key,
 * which serialises them per group and publishes each new {@code Members} (a volatile write: the slots
 * written before it are visible to every broadcast that reads it); the same atomic step updates the
 * channel's own set of group names, so "channel in group" and "group knows channel" never disagree,
 * and a group left empty is removed in the step that emptied it.
 *
 * <p>A join racing with the channel's close: the close marks the channel closed and then leaves
 * every group in its set; the join adds first and then checks for closed, undoing itself if so.
 * Whichever runs second sees the other's write, so a closed channel never stays in a group.
 */
final class GroupRegistry {

    private final ConcurrentHashMap<String, Members> groups = new ConcurrentHashMap<>();
    /**
     * How many members of each group are on presence routes (absent: none), changed in the same
     * per-group step as the members: a join or leave is delivered only where someone listens, so a
     * join storm in a room without presence clients does not visit every member for each join.
     */
    private final ConcurrentHashMap<String, Integer> listening = new ConcurrentHashMap<>();

    /**
     * One group's members at one instant: the non-null {@code slots} below {@code size}, {@code live}
     * of them. Slots below {@code size} are only ever emptied (by a leave), slots from {@code size} up
     * only written by the next join, under the group's step; a compaction makes a new array.
     */
    record Members(ChannelImpl[] slots, int size, int live) {

        private static final int FIRST_CAPACITY = 4;
        /** A group's state before its first join: no slot, so nothing ever writes into it. */
        private static final Members NONE = new Members(new ChannelImpl[0], 0, 0);

        Members join(ChannelImpl channel) {
            if (size < slots.length) {
                slots[size] = channel;
                return new Members(slots, size + 1, live + 1);
            }
            ChannelImpl[] grown = compacted(Math.max(FIRST_CAPACITY, 2 * (live + 1)));
            grown[live] = channel;
            return new Members(grown, live + 1, live + 1);
        }

        /** Null when the channel was the last member. */
        Members leave(int slot) {
            if (live == 1) {
                return null; // the group disappears with its last member
            }
            slots[slot] = null;
            int left = live - 1;
            if (size - left > Math.max(FIRST_CAPACITY, size / 2)) {
                return new Members(compacted(Math.max(FIRST_CAPACITY, 2 * left)), left, left);
            }
            return new Members(slots, size, left);
        }

        int indexOf(ChannelImpl channel) {
            for (int i = 0; i < size; i++) {
                if (slots[i] == channel) {
                    return i;
                }
            }
            return -1;
        }

        /** The members, in a new array of {@code capacity} slots. Inside the group's step only. */
        ChannelImpl[] compacted(int capacity) {
            ChannelImpl[] out = new ChannelImpl[capacity];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (slots[i] != null) {
                    out[n++] = slots[i];
                }
            }
            return out;
        }

        /** Outside the group's step: a leave may empty a slot meanwhile, so {@code live} is an upper bound here. */
        Set<Channel> toSet() {
            return Set.copyOf(reached());
        }

        /** What a broadcast of this instant reaches, in slot order (as {@link #deliver} walks it). */
        java.util.List<ChannelImpl> reached() {
            java.util.List<ChannelImpl> out = new java.util.ArrayList<>(live);
            for (int i = 0; i < size; i++) {
                ChannelImpl c = slots[i];
                if (c != null) {
                    out.add(c);
                }
            }
            return out;
        }
    }

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
            // the channel's own set says it in O(1): both change together, under this group's lock
            if (channel.memberOf().contains(name)) {
                return members;
            }
            int live = members == null ? 0 : members.live();
            if (maxMembers > 0 && live >= maxMembers) {
                result[0] = JoinStatus.GROUP_FULL;
                return members;
            }
            channel.memberOf().add(name);
            if (channel.presence()) {
                listening.merge(name, 1, Integer::sum);
            }
            result[0] = JoinStatus.ADDED;
            return (members == null ? Members.NONE : members).join(channel);
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
            int i = channel.memberOf().contains(name) ? members.indexOf(channel) : -1;
            if (i < 0) {
                result[0] = LeaveStatus.NOT_A_MEMBER;
                return members;
            }
            channel.memberOf().remove(name);
            if (channel.presence()) {
                listening.computeIfPresent(name, (g, n) -> n == 1 ? null : n - 1);
            }
            result[0] = LeaveStatus.REMOVED;
            return members.leave(i);
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
        if (message.presence != null && !listened(message.group)) {
            return new GroupSendResult(0, 0); // a join or leave nobody here shows
        }
        Members members = view(message.group);
        if (members == null) {
            return new GroupSendResult(0, 0);
        }
        int queued = 0;
        int rejected = 0;
        ChannelImpl[] slots = members.slots();
        for (int i = 0, n = members.size(); i < n; i++) {
            ChannelImpl member = slots[i];
            if (member == null) {
                continue; // left
            }
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

    /** The group's members at this instant, as a broadcast reads them (null: no such group). */
    Members view(String group) {
        return group == null ? null : groups.get(group);
    }

    /** Whether a member of the group is on a presence route: only then are its joins and leaves delivered. */
    boolean listened(String group) {
        return group != null && listening.containsKey(group);
    }

    /** How many members the group has here now. */
    int size(String group) {
        Members members = view(group);
        return members == null ? 0 : members.live();
    }

    Set<Channel> members(String group) {
        Members members = view(group);
        return members == null ? Set.of() : members.toSet();
    }

    Map<String, Set<Channel>> snapshot() {
        return groups.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().toSet()));
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

package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.GroupSendResult;
import dev.channelbox.HistoryEntry;
import dev.channelbox.Position;
import dev.channelbox.PresenceEvent;
import dev.channelbox.RecoveringJoin;
import dev.channelbox.Recovery;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.SendStatus;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One node, everything in memory (the default): groups in a {@link GroupRegistry}, history in a
 * {@link HistoryStore}. A group send queues the message in every member's outbox on the calling
 * thread; nothing leaves the JVM.
 *
 * <p>Positions: a send that saves history takes its group's lock (one of {@value #STRIPES}, by the
 * group's hash) to be numbered and queued in one step, so every member gets a group's saved messages
 * in the order of their sequence numbers, whichever threads send them. A recovering join takes the
 * same lock to read the history and queue what the channel missed, so no saved message can fall
 * between what it missed and what it then gets live; sends that save nothing are held back for the
 * channel meanwhile ({@link ChannelImpl#hold}).
 */
final class LocalBroker implements Broker {

    private static final int STRIPES = 64;

    private static final Logger LOG = Logger.getLogger(LocalBroker.class.getName());

    private final GroupRegistry groups = new GroupRegistry();
    private final HistoryStore history;
    private final Object[] locks = new Object[STRIPES];
    private final Consumer<Object> events;

    LocalBroker(ChannelBoxConfig config, Clock clock, Consumer<Object> events) {
        this.history = new HistoryStore(config, clock);
        this.events = events;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    private Object lockOf(String group) {
        return locks[(group.hashCode() & Integer.MAX_VALUE) % STRIPES];
    }

    @Override
    public String newChannelId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void channelCreated(ChannelImpl channel) {
    }

    @Override
    public void channelClosed(ChannelImpl channel) {
        for (String group : channel.memberOf()) {
            leave(channel, group);
        }
    }

    /**
     * A join, and its presence event: queued for the group's presence clients under the group's lock
     * (in order with its saved messages), then fired (outside it: observers run any code).
     */
    @Override
    public JoinStatus join(ChannelImpl channel, String group, int maxMembers) {
        if (channel.presence()) {
            return recover(channel, group, null, maxMembers).status(); // its client gets the members first
        }
        JoinStatus status;
        synchronized (lockOf(group)) {
            status = groups.join(channel, group, maxMembers);
            if (status == JoinStatus.ADDED && groups.listened(group)) {
                groups.deliver(presence(PresenceEvent.Kind.JOIN, group, channel));
            }
        }
        if (status == JoinStatus.ADDED) {
            fire(new PresenceEvent(PresenceEvent.Kind.JOIN, group, channel));
        }
        return status;
    }

    @Override
    public LeaveStatus leave(ChannelImpl channel, String group) {
        LeaveStatus status;
        synchronized (lockOf(group)) {
            status = groups.leave(channel, group);
            if (status == LeaveStatus.REMOVED && groups.listened(group)) {
                groups.deliver(presence(PresenceEvent.Kind.LEAVE, group, channel));
            }
        }
        if (status == LeaveStatus.REMOVED) {
            fire(new PresenceEvent(PresenceEvent.Kind.LEAVE, group, channel));
        }
        return status;
    }

    private static GroupMessage presence(PresenceEvent.Kind kind, String group, ChannelImpl channel) {
        return GroupMessage.presence(group, new GroupMessage.Presence(kind, channel.id(), channel.attributes()), -1);
    }

    private void fire(Object event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelBox: an observer of " + event.getClass().getSimpleName() + " threw", e);
        }
    }

    @Override
    public GroupSendResult publish(String group, OutboundMessage message, boolean saveHistory) {
        if (!saveHistory) {
            return groups.deliver(GroupMessage.local(group, message));
        }
        synchronized (lockOf(group)) {
            HistoryRecord saved = history.append(group, message);
            return groups.deliver(new GroupMessage(group, message, saved == null ? null : saved.position(), -1));
        }
    }

    @Override
    public Recovery historySince(String group, Position since) {
        return history.since(group, since);
    }

    /** Also a presence route's join ({@code since} null: nothing to recover, the members to give). */
    @Override
    public RecoveringJoin recover(ChannelImpl channel, String group, Position since, int maxMembers) {
        JoinStatus status = JoinStatus.CHANNEL_CLOSED;
        Recovery recovery = null;
        synchronized (lockOf(group)) {
            if (groups.isMember(channel, group)) {
                Recovery none = since == null ? new Recovery(List.of(), false, Position.START) : nothing(history.since(group, since));
                return new RecoveringJoin(JoinStatus.ALREADY_MEMBER, none);
            }
            channel.hold(group);
            try {
                status = groups.join(channel, group, maxMembers);
                if (status == JoinStatus.ADDED) {
                    groups.deliver(presence(PresenceEvent.Kind.JOIN, group, channel)); // held for this one
                    if (since != null) {
                        recovery = history.since(group, since);
                    }
                }
            } finally {
                Recovery r = recovery;
                boolean added = status == JoinStatus.ADDED;
                channel.release(group, waiting -> {
                    if (r != null) {
                        r.missed().forEach(entry -> channel.deliverMissed(group, entry));
                        channel.recovered(group, r);
                    }
                    if (added) {
                        channel.members(group, groups.members(group));
                    }
                });
            }
        }
        if (status == JoinStatus.ADDED) {
            fire(new PresenceEvent(PresenceEvent.Kind.JOIN, group, channel));
        }
        Position where = since == null ? Position.START : since;
        return new RecoveringJoin(status, recovery != null ? recovery : new Recovery(List.of(), false, where));
    }

    /** The same position, nothing given. */
    static Recovery nothing(Recovery r) {
        return new Recovery(List.of(), false, r.position());
    }

    @Override
    public SendStatus sendToRemote(String channelId, OutboundMessage message) {
        return SendStatus.NO_SUCH_CHANNEL;
    }

    @Override
    public Set<Channel> members(String group) {
        return groups.members(group);
    }

    @Override
    public Map<String, Set<Channel>> groups() {
        return groups.snapshot();
    }

    @Override
    public List<HistoryEntry> history(String group) {
        return history.snapshot(group);
    }

    @Override
    public void flushHistory() {
        history.flush();
    }

    @Override
    public void flushHistory(String group) {
        history.flush(group);
    }

    @Override
    public void sweep() {
        history.sweep();
    }

    @Override
    public void close() {
    }
}

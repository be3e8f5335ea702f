package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.GroupSendResult;
import dev.channelbox.HistoryEntry;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.SendStatus;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One node, everything in memory (the default): groups in a {@link GroupRegistry}, history in a
 * {@link HistoryStore}. A group send queues the message in every member's outbox on the calling
 * thread; nothing leaves the JVM.
 */
final class LocalBroker implements Broker {

    private final GroupRegistry groups = new GroupRegistry();
    private final HistoryStore history;

    LocalBroker(ChannelBoxConfig config, Clock clock) {
        this.history = new HistoryStore(config, clock);
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
        groups.leaveAll(channel);
    }

    @Override
    public JoinStatus join(ChannelImpl channel, String group, int maxMembers) {
        return groups.join(channel, group, maxMembers);
    }

    @Override
    public LeaveStatus leave(ChannelImpl channel, String group) {
        return groups.leave(channel, group);
    }

    @Override
    public GroupSendResult publish(String group, OutboundMessage message, boolean saveHistory) {
        if (saveHistory) {
            history.append(group, message);
        }
        return groups.deliver(group, message);
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

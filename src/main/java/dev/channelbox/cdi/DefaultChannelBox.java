package dev.channelbox.cdi;

import dev.channelbox.BrokerEvent;
import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.DeliveryProblem;
import dev.channelbox.DeliveryStats;
import dev.channelbox.GroupSendResult;
import dev.channelbox.HistoryEntry;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.PayloadType;
import dev.channelbox.SendStatus;
import dev.channelbox.WebSocket;
import dev.channelbox.internal.ChannelBoxRuntime;
import dev.channelbox.internal.Ticker;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ChannelBox} bean: one per application, added by {@link ChannelBoxExtension} (our jar's
 * beans.xml excludes its own classes from scanning). A thin CDI shell over {@link ChannelBoxRuntime}: it starts the runtime with
 * the application's {@link ChannelBoxConfig} and closes it (every connection with 1001) when the
 * application stops.
 */
@ApplicationScoped
public class DefaultChannelBox implements ChannelBox {

    @Inject
    ChannelBoxConfig config;

    @Inject
    Event<DeliveryProblem> problems;

    @Inject
    Event<BrokerEvent> brokerEvents;

    /** Normally none: the system's time. A test's bean of this type moves time by hand. */
    @Inject
    Instance<Ticker> tickers;

    private ChannelBoxRuntime runtime;

    @PostConstruct
    void start() {
        runtime = new ChannelBoxRuntime(config, problems::fire, tickers.isResolvable() ? tickers.get() : Ticker.SYSTEM,
                brokerEvents::fire);
    }

    @PreDestroy
    void stop() {
        runtime.close();
    }

    /** The engine, for the endpoints (called through the client proxy, hence public). */
    public ChannelBoxRuntime runtime() {
        return runtime;
    }

    @Override
    public Channel createChannel(WebSocket ws, PayloadType payloadType, Duration expires) {
        return runtime.createChannel(ws, payloadType, expires);
    }

    @Override
    public JoinStatus addChannelToGroup(Channel channel, String group) {
        return runtime.addChannelToGroup(channel, group);
    }

    @Override
    public LeaveStatus removeChannelFromGroup(Channel channel, String group) {
        return runtime.removeChannelFromGroup(channel, group);
    }

    @Override
    public GroupSendResult groupSend(String group, Object payload) {
        return runtime.groupSend(group, payload);
    }

    @Override
    public GroupSendResult groupSend(String group, Object payload, boolean saveHistory) {
        return runtime.groupSend(group, payload, saveHistory);
    }

    @Override
    public Map<String, Set<Channel>> showGroups() {
        return runtime.showGroups();
    }

    @Override
    public Set<Channel> group(String group) {
        return runtime.group(group);
    }

    @Override
    public List<HistoryEntry> showHistory(String group) {
        return runtime.showHistory(group);
    }

    @Override
    public void flushHistory() {
        runtime.flushHistory();
    }

    @Override
    public void flushHistory(String group) {
        runtime.flushHistory(group);
    }

    @Override
    public SendStatus sendTo(String channelId, Object payload) {
        return runtime.sendTo(channelId, payload);
    }

    @Override
    public Optional<Channel> channel(String channelId) {
        return runtime.channel(channelId);
    }

    @Override
    public int closeAllConnections() {
        return runtime.closeAllConnections();
    }

    @Override
    public int cleanExpired() {
        return runtime.cleanExpired();
    }

    @Override
    public DeliveryStats deliveryStats() {
        return runtime.deliveryStats();
    }
}

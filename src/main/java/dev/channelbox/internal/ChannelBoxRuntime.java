package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.GroupSendResult;
import dev.channelbox.HistoryEntry;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.PayloadType;
import dev.channelbox.SendStatus;
import dev.channelbox.WebSocket;

import jakarta.websocket.Session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine behind the {@link ChannelBox} bean: open connections, groups, history, the expiry
 * sweep and the route handlers' threads, for one application. Plain Java, so it can be created and
 * closed by the CDI bean or by a test; every method is thread-safe.
 */
public final class ChannelBoxRuntime implements ChannelBox, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelBoxRuntime.class.getName());

    private final ChannelBoxConfig config;
    private final JsonCodec codec = new JsonCodec();
    private final GroupRegistry groups = new GroupRegistry();
    private final HistoryStore history;
    /** Every open connection, accepted or not, by id (which is also its channel's id). */
    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final HandlerThreads handlerThreads;

    public ChannelBoxRuntime(ChannelBoxConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.history = new HistoryStore(config, Clock.systemUTC());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, Threads.factory("channelbox-sweeper"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.sweeper = scheduler;
        long every = config.expirySweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        this.handlerThreads = new HandlerThreads(config.handlerThreads());
    }

    /**
     * A connection opened on {@code route} (container thread, inside {@code Endpoint.onOpen}). The
     * result is not started: the endpoint must keep it where its {@code onClose} finds it and only
     * then call {@link RouteSession#open()}, because user code run by {@code open()} may close the
     * connection, and containers such as Tyrus report that close synchronously, inside the call.
     */
    public RouteSession open(Route route, Session session, Handshake handshake) {
        Connection connection = new Connection(session, route, this, handshake);
        connections.put(connection.id(), connection);
        session.setMaxTextMessageBufferSize(config.maxMessageSize());
        session.setMaxBinaryMessageBufferSize(config.maxMessageSize());
        RouteSession routeSession = route.kind() == Route.Kind.CONSUMER
                ? new ConsumerSession(connection)
                : new HandlerSession(connection, handlerThreads);
        return routeSession;
    }

    public ChannelBoxConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- ChannelBox

    @Override
    public Channel createChannel(WebSocket ws, PayloadType payloadType, Duration expires) {
        Objects.requireNonNull(payloadType, "payloadType");
        if (!(ws instanceof Connection c) || c.runtime() != this) {
            throw new IllegalArgumentException("not a connection of this application: " + ws);
        }
        return c.createChannel(payloadType, expires);
    }

    @Override
    public JoinStatus addChannelToGroup(Channel channel, String group) {
        return groups.join(own(channel), group);
    }

    @Override
    public LeaveStatus removeChannelFromGroup(Channel channel, String group) {
        return groups.leave(own(channel), group);
    }

    @Override
    public GroupSendResult groupSend(String group, Object payload) {
        return groupSend(group, payload, false);
    }

    @Override
    public GroupSendResult groupSend(String group, Object payload, boolean saveHistory) {
        OutboundMessage message = encode(payload); // fails here, before anything is queued
        if (!GroupRegistry.isValidName(group)) {
            return new GroupSendResult(0, 0);
        }
        if (saveHistory) {
            history.append(group, message);
        }
        int queued = 0;
        int rejected = 0;
        for (ChannelImpl member : groups.membersForSend(group)) {
            if (member.offer(message) == SendStatus.QUEUED) {
                queued++;
            } else {
                rejected++;
            }
        }
        return new GroupSendResult(queued, rejected);
    }

    @Override
    public Map<String, Set<Channel>> showGroups() {
        return groups.snapshot();
    }

    @Override
    public Set<Channel> group(String group) {
        return groups.members(group);
    }

    @Override
    public List<HistoryEntry> showHistory(String group) {
        return group == null ? List.of() : history.snapshot(group);
    }

    @Override
    public void flushHistory() {
        history.flush();
    }

    @Override
    public void flushHistory(String group) {
        if (group != null) {
            history.flush(group);
        }
    }

    @Override
    public SendStatus sendTo(String channelId, Object payload) {
        OutboundMessage message = encode(payload);
        Connection c = channelId == null ? null : connections.get(channelId);
        ChannelImpl channel = c == null ? null : c.channelImpl();
        return channel == null ? SendStatus.NO_SUCH_CHANNEL : channel.offer(message);
    }

    @Override
    public Optional<Channel> channel(String channelId) {
        Connection c = channelId == null ? null : connections.get(channelId);
        return Optional.ofNullable(c == null ? null : c.channelImpl());
    }

    @Override
    public int closeAllConnections() {
        int closed = 0;
        for (Connection c : connections.values()) {
            if (c.closeOnce(1001, "server closing")) {
                closed++;
            }
        }
        return closed;
    }

    @Override
    public int cleanExpired() {
        long now = System.nanoTime();
        int closed = 0;
        for (Connection c : connections.values()) {
            ChannelImpl channel = c.channelImpl();
            if (channel != null && channel.isExpired(now) && c.closeOnce(1001, "channel expired")) {
                closed++;
            }
        }
        return closed;
    }

    // ---------------------------------------------------------------- engine

    OutboundMessage encode(Object payload) {
        return OutboundMessage.of(payload, codec);
    }

    JsonCodec codec() {
        return codec;
    }

    /** Called when a connection accepted. */
    void accepted(Connection connection) {
        // nothing to index: connections are indexed from open on, channels are found through them
    }

    /** The connection is gone: leave every group and forget it. Idempotent. */
    void release(Connection connection) {
        ChannelImpl channel = connection.channelImpl();
        if (channel != null) {
            groups.leaveAll(channel);
        }
        connections.remove(connection.id(), connection);
    }

    /** Open connections (accepted or not). */
    public int connectionCount() {
        return connections.size();
    }

    /** Whether every outbox is empty with no write in flight. */
    public boolean isIdle() {
        return connections.values().stream().allMatch(c -> c.outbox().isIdle());
    }

    /** Background work: expired channels, writes stuck past the send timeout, aged history. */
    private void sweep() {
        try {
            cleanExpired();
            long timeout = config.sendTimeout().toNanos();
            for (Connection c : connections.values()) {
                c.outbox().abortIfStuck(timeout);
            }
            history.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelBox: the background sweep failed; it will run again", e);
        }
    }

    private ChannelImpl own(Channel channel) {
        if (channel instanceof ChannelImpl c && c.connection().runtime() == this) {
            return c;
        }
        throw new IllegalArgumentException("not a channel of this ChannelBox: " + channel);
    }

    /** Closes every connection with 1001 and stops the background threads. */
    @Override
    public void close() {
        closeAllConnections();
        sweeper.shutdownNow();
        handlerThreads.close();
        codec.close();
    }
}

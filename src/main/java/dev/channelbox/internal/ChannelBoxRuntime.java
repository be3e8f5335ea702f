package dev.channelbox.internal;

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
import dev.channelbox.Position;
import dev.channelbox.RecoveringJoin;
import dev.channelbox.Recovery;
import dev.channelbox.SendStatus;
import dev.channelbox.WebSocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine behind the {@link ChannelBox} bean for one application: its operations over the open
 * connections, groups and history, with the background sweep in {@link Sweeper}, the delivery
 * counters in {@link DeliveryCounters}, the per-address caps in {@link AddressSlots} and the route
 * handlers' threads in {@link HandlerThreads}. Plain Java, so it can be created and closed by the CDI
 * bean or by a test; every method is thread-safe.
 */
public final class ChannelBoxRuntime implements ChannelBox, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelBoxRuntime.class.getName());

    private final ChannelBoxConfig config;
    private final JsonCodec codec;
    /** Groups, group sends and history: in memory, or shared with the other nodes (Redis). */
    private final Broker broker;
    /** Every open connection, accepted or not, by id (which is also its channel's id). */
    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final Ticker ticker;
    private final Threads threads;
    private final Sweeper sweeper;
    private final HandlerThreads handlerThreads;
    private final Map<Route, ChannelBoxConfig> routeConfigs = new ConcurrentHashMap<>();
    private final Consumer<DeliveryProblem> problems;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Notified (under its monitor) when the last connection is released after close() began. */
    private final Object drained = new Object();
    /** Open connections per route and client address, for routes with a cap. */
    private final AddressSlots connectionsPerAddress = new AddressSlots();
    /**
     * Given Tyrus's writer of a connection, the writer raw frames go to: the same, or a faster one of
     * the same connection that the runtime hosting us provides (the standalone server's, which skips
     * Grizzly's filter chain). Set once before connections open; read as each one opens.
     */
    private volatile UnaryOperator<Object> transportWriters = UnaryOperator.identity();

    public ChannelBoxRuntime(ChannelBoxConfig config) {
        this(config, problem -> { });
    }

    /**
     * @param problems receives every {@link DeliveryProblem}, on the sweeper thread (the CDI bean
     *                 fires them as events)
     */
    public ChannelBoxRuntime(ChannelBoxConfig config, Consumer<DeliveryProblem> problems) {
        this(config, problems, Ticker.SYSTEM);
    }

    /** @param ticker the engine's time ({@link Ticker#SYSTEM}; tests move their own) */
    public ChannelBoxRuntime(ChannelBoxConfig config, Consumer<DeliveryProblem> problems, Ticker ticker) {
        this(config, problems, ticker, event -> { });
    }

    /**
     * @param events receives every {@link BrokerEvent} (Redis lost and back, a group's state lost) and
     *               {@link dev.channelbox.PresenceEvent} (joins and leaves), on the thread of the
     *               change or a ChannelBox thread (the CDI bean fires them as events)
     */
    public ChannelBoxRuntime(ChannelBoxConfig config, Consumer<DeliveryProblem> problems, Ticker ticker,
                             Consumer<Object> events) {
        this(config, problems, ticker, events, null);
    }

    /**
     * @param containerThreads the container's managed thread factory (Jakarta Concurrency), which then
     *                         makes every thread of ours (handlers, sweeper, Redis heartbeat and
     *                         delivery); {@code null}: our own daemon threads, virtual handler
     *                         threads on Java 21+
     */
    public ChannelBoxRuntime(ChannelBoxConfig config, Consumer<DeliveryProblem> problems, Ticker ticker,
                             Consumer<Object> events, ThreadFactory containerThreads) {
        this.threads = containerThreads == null ? Threads.OWN : new Threads(containerThreads);
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.config = Objects.requireNonNull(config, "config");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.codec = new JsonCodec(config.jsonMaxDepth(), config.jsonMaxNumberLength());
        this.broker = Brokers.create(config, ticker, this, events);
        this.sweeper = new Sweeper(config, ticker, connections.values(), this::cleanExpired, broker, threads);
        this.handlerThreads = new HandlerThreads(config.handlerThreads(), config.handlerThreadShare(), threads, true);
    }

    /** Where this runtime's threads come from (the container's, or our own). */
    Threads threads() {
        return threads;
    }

    /**
     * A connection opened on {@code route} (container thread, inside {@code Endpoint.onOpen}). The
     * result is not started: the endpoint must keep it where its {@code onClose} finds it and only
     * then call {@link RouteSession#open()}, because user code run by {@code open()} may close the
     * connection, and containers such as Tyrus report that close synchronously, inside the call.
     */
    public RouteSession open(Route route, Session session, HandshakeData handshake) {
        ChannelBoxConfig config = configFor(route);
        if (!handshake.verdict().isAllowed()) {
            // refused during the handshake: closed before any user code, any group, any message
            return refuse(session, CloseReason.CloseCodes.VIOLATED_POLICY, handshake.verdict().reason());
        }
        if (closed.get()) { // a handshake that completed while the application stops
            return refuse(session, CloseReason.CloseCodes.GOING_AWAY, "server closing");
        }
        String address = handshake.client().host();
        boolean counted = config.maxConnectionsPerAddress() > 0 && !address.isEmpty();
        if (counted && !connectionsPerAddress.tryTake(perAddressKey(route, address), config.maxConnectionsPerAddress())) {
            LOG.fine(() -> "ChannelBox: refusing a connection to " + route.path() + " from " + address
                    + ": more than " + config.maxConnectionsPerAddress());
            return refuse(session, CloseReason.CloseCodes.VIOLATED_POLICY, "too many connections");
        }
        Connection connection = new Connection(session, route, this, handshake);
        connection.countedPerAddress(counted);
        connections.put(connection.id(), connection);
        if (closed.get()) {
            // close() set the flag and may have passed over the map before this put: release it here
            // (close() waits for the map to empty, so it never stops the pools under a live connection)
            release(connection);
            return refuse(session, CloseReason.CloseCodes.GOING_AWAY, "server closing");
        }
        session.setMaxTextMessageBufferSize(config.maxMessageSize());
        session.setMaxBinaryMessageBufferSize(config.maxMessageSize());
        if (!config.idleTimeout().isZero()) {
            session.setMaxIdleTimeout(config.idleTimeout().toMillis());
        }
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> connection.pong(pong.getApplicationData()));
        RouteSession routeSession = route.kind() == Route.Kind.CONSUMER
                ? new ConsumerSession(connection)
                : new HandlerSession(connection, handlerThreads);
        connection.routeSession(routeSession);
        return routeSession;
    }

    /** Closes a connection before any user code, group or message: refused, or opened while stopping. */
    private static RouteSession refuse(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, Utf8.truncate(reason, 123)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: closing a refused connection", e);
        }
        return RouteSession.NONE;
    }

    private static String perAddressKey(Route route, String address) {
        return route.path() + " " + address;
    }

    /** The application's configuration with the route's own settings applied. */
    public ChannelBoxConfig configFor(Route route) {
        return routeConfigs.computeIfAbsent(route, r -> r.settings().applyTo(config));
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
        ChannelImpl c = own(channel);
        if (!GroupRegistry.isValidName(group)) {
            return JoinStatus.INVALID_GROUP_NAME;
        }
        if (!c.isOpen()) {
            return JoinStatus.CHANNEL_CLOSED;
        }
        int max = configFor(c.connection().route()).maxGroupMembers();
        Position asked = c.connection().takeRecoveryRequest(group); // a positioned route's client asked
        return asked == null ? broker.join(c, group, max) : broker.recover(c, group, asked, max).status();
    }

    /** A channel's attributes changed (the thread that set them). */
    void attributesChanged(ChannelImpl channel) {
        broker.attributesChanged(channel);
    }

    @Override
    public RecoveringJoin addChannelToGroup(Channel channel, String group, Position since) {
        ChannelImpl c = own(channel);
        Objects.requireNonNull(since, "since");
        if (!GroupRegistry.isValidName(group)) {
            return new RecoveringJoin(JoinStatus.INVALID_GROUP_NAME, new Recovery(List.of(), false, since));
        }
        if (!c.isOpen()) {
            return new RecoveringJoin(JoinStatus.CHANNEL_CLOSED, new Recovery(List.of(), false, since));
        }
        return broker.recover(c, group, since, configFor(c.connection().route()).maxGroupMembers());
    }

    @Override
    public Recovery historySince(String group, Position since) {
        Objects.requireNonNull(since, "since");
        if (!GroupRegistry.isValidName(group)) {
            return new Recovery(List.of(), false, Position.START);
        }
        return broker.historySince(group, since);
    }

    @Override
    public LeaveStatus removeChannelFromGroup(Channel channel, String group) {
        ChannelImpl c = own(channel);
        return group == null ? LeaveStatus.NO_SUCH_GROUP : broker.leave(c, group);
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
        return broker.publish(group, message, saveHistory);
    }

    @Override
    public Map<String, Set<Channel>> showGroups() {
        return broker.groups();
    }

    @Override
    public Set<Channel> group(String group) {
        return group == null ? Set.of() : broker.members(group);
    }

    @Override
    public List<HistoryEntry> showHistory(String group) {
        return group == null ? List.of() : broker.history(group);
    }

    @Override
    public void flushHistory() {
        broker.flushHistory();
    }

    @Override
    public void flushHistory(String group) {
        if (group != null) {
            broker.flushHistory(group);
        }
    }

    @Override
    public SendStatus sendTo(String channelId, Object payload) {
        OutboundMessage message = encode(payload);
        if (channelId == null) {
            return SendStatus.NO_SUCH_CHANNEL;
        }
        Connection c = connections.get(channelId);
        if (c == null) {
            return broker.sendToRemote(channelId, message);
        }
        ChannelImpl channel = c.channelImpl();
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
        long now = ticker.nanoTime();
        int closed = 0;
        for (Connection c : connections.values()) {
            ChannelImpl channel = c.channelImpl();
            if (channel != null && channel.isExpired(now) && c.closeOnce(1001, "channel expired")) {
                closed++;
            }
        }
        return closed;
    }

    @Override
    public DeliveryStats deliveryStats() {
        long queued = 0;
        for (Connection c : connections.values()) {
            queued += c.outbox().queuedMessages();
        }
        return counters.stats(connections.size(), queued);
    }

    private final ChannelBoxMBean mbean = new ChannelBoxMBean(this::metrics);

    /**
     * Publishes the metrics as the MXBean {@code dev.channelbox:type=ChannelBox,application=<application>}
     * until {@link #close()} (the CDI bean calls it once, after start).
     */
    public void registerMBean(String application) {
        mbean.register(application);
    }

    /** The JMX name of the metrics, or {@code null} when not registered. */
    public javax.management.ObjectName mbeanName() {
        return mbean.name();
    }

    /** The numbers behind the metrics, now: one pass over the open connections. Any thread. */
    public ChannelBoxMXBean.Snapshot metrics() {
        long queued = 0;
        long queuedBytes = 0;
        long out = counters.closedOutboxes();
        long members = 0;
        java.util.Set<String> groups = new java.util.HashSet<>();
        for (Connection c : connections.values()) {
            Outbox o = c.outbox();
            queued += o.queuedMessages();
            queuedBytes += o.queuedBytes();
            out += o.accepted();
            ChannelImpl channel = c.channelImpl();
            if (channel != null) {
                java.util.Set<String> of = channel.memberOf();
                members += of.size();
                groups.addAll(of);
            }
        }
        DeliveryStats d = counters.stats(connections.size(), queued);
        return new ChannelBoxMXBean.Snapshot(d.connections(), groups.size(), members, counters.messagesIn(), out,
                queued, queuedBytes, d.droppedMessages(), d.overflowCloses(), d.sendTimeouts(), d.heartbeatTimeouts(),
                counters.refusedHandshakes(), counters.rateLimitHits(), d.unpublishedSends(), d.lostPublications(),
                broker.isReachable(), config.redisUrl().isEmpty() ? "memory" : "redis");
    }

    // ---------------------------------------------------------------- engine

    /** A connection's outbox dropped {@code count} messages (DROP_OLDEST); any thread. */
    void dropped(Connection connection, long count) {
        counters.dropped(count);
        report(connection, DeliveryProblem.Kind.MESSAGES_DROPPED, "outbox full: the oldest messages are dropped");
    }

    /**
     * Runs {@code task} on the sweeper thread, not the caller's (or on the caller's once the
     * application is stopping): for work that may run user code or take locks, started by a thread
     * that may hold a group's lock (a group send that overflows a member's outbox).
     */
    void offCaller(Runnable task) {
        if (!sweeper.tryExecute(task)) {
            task.run();
        }
    }

    /** Runs {@code task} on the sweeper thread once a dropped connection's close grace is over. */
    void afterCloseGrace(Runnable task) {
        sweeper.afterCloseGrace(task);
    }

    /**
     * Counts a problem, and the first time for this connection and kind logs it and hands it to the
     * listener on the sweeper thread: never on the sending thread, never once per message.
     */
    void report(Connection connection, DeliveryProblem.Kind kind, String detail) {
        counters.count(kind);
        if (!connection.firstReport(kind)) {
            return;
        }
        DeliveryProblem problem = new DeliveryProblem(connection.id(), connection.route().path(), kind, detail);
        LOG.warning(() -> "ChannelBox: " + kind + " on " + problem.path() + " (channel " + problem.channelId() + "): "
                + detail);
        sweeper.execute(() -> {
            try {
                problems.accept(problem);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ChannelBox: an observer of DeliveryProblem threw", e);
            }
        });
    }

    /** A connection's new id (also its channel's). */
    String newConnectionId() {
        return broker.newChannelId();
    }

    /** A connection's channel was created. */
    void channelCreated(ChannelImpl channel) {
        broker.channelCreated(channel);
    }

    /** This node's live channel with that id, or null (the broker delivers to it). */
    ChannelImpl localChannel(String id) {
        Connection c = connections.get(id);
        return c == null ? null : c.channelImpl();
    }

    /** Calls {@code action} with every channel of this node. */
    void forEachChannel(Consumer<ChannelImpl> action) {
        for (Connection c : connections.values()) {
            ChannelImpl channel = c.channelImpl();
            if (channel != null) {
                action.accept(channel);
            }
        }
    }

    DeliveryCounters counters() {
        return counters;
    }

    /** For the runtime hosting us (the standalone server): see {@link #transportWriters}. */
    public void transportWriters(UnaryOperator<Object> writers) {
        this.transportWriters = Objects.requireNonNull(writers);
    }

    UnaryOperator<Object> transportWriters() {
        return transportWriters;
    }

    Ticker ticker() {
        return ticker;
    }

    OutboundMessage encode(Object payload) {
        return OutboundMessage.of(payload, codec);
    }

    JsonCodec codec() {
        return codec;
    }

    /** The connection is gone: leave every group and forget it. Idempotent. */
    void release(Connection connection) {
        ChannelImpl channel = connection.channelImpl();
        if (channel != null) {
            broker.channelClosed(channel);
        }
        if (connections.remove(connection.id(), connection)) {
            counters.outboxClosed(connection.outbox().accepted());
            if (connection.countedPerAddress()) {
                connectionsPerAddress.release(perAddressKey(connection.route(), connection.handshake().client().host()));
            }
        }
        if (closed.get() && connections.isEmpty()) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    private ChannelImpl own(Channel channel) {
        if (channel instanceof ChannelImpl c && c.connection().runtime() == this) {
            return c;
        }
        throw new IllegalArgumentException("not a channel of this ChannelBox: " + channel);
    }

    /**
     * Graceful shutdown: closes every connection with 1001 behind what its outbox holds, waits up to
     * {@code shutdownGrace} for them to drain and close, then drops what is left and stops the
     * background threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeAllConnections();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        synchronized (drained) { // release() notifies under this monitor after the last removal
            long left;
            while (!connections.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!connections.isEmpty()) {
            LOG.warning(() -> "ChannelBox: " + connections.size() + " connection(s) did not close within "
                    + config.shutdownGrace().toMillis() + " ms of shutdown; dropping them: "
                    + connections.values().stream().limit(5).map(c -> c.route().path() + " " + c.id() + " ("
                    + c.outbox().describe() + ")").collect(Collectors.joining("; ")));
            for (Connection c : connections.values()) {
                c.drop();
            }
        }
        mbean.unregister();
        sweeper.close();
        broker.close();
        handlerThreads.close();
        codec.close();
    }
}

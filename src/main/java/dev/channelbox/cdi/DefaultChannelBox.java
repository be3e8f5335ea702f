package dev.channelbox.cdi;

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
import dev.channelbox.internal.ChannelBoxRuntime;
import dev.channelbox.internal.Ticker;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link ChannelBox} bean: one per application, added by {@link ChannelBoxExtension} (our jar's
 * beans.xml excludes its own classes from scanning). A thin CDI shell over {@link ChannelBoxRuntime}: it starts the runtime with
 * the application's {@link ChannelBoxConfig} and closes it (every connection with 1001) when the
 * application stops.
 */
@ApplicationScoped
public class DefaultChannelBox implements ChannelBox {

    private static final Logger LOG = Logger.getLogger(DefaultChannelBox.class.getName());

    @Inject
    ChannelBoxConfig config;

    @Inject
    Event<DeliveryProblem> problems;

    /** BrokerEvent and PresenceEvent. */
    @Inject
    Event<Object> events;

    /** Normally none: the system's time. A test's bean of this type moves time by hand. */
    @Inject
    Instance<Ticker> tickers;

    @Inject
    BeanManager beanManager;

    private ChannelBoxRuntime runtime;
    private AutoCloseable meters; // Micrometer's, when the application has a MeterRegistry bean

    @PostConstruct
    void start() {
        runtime = new ChannelBoxRuntime(config, problems::fire, tickers.isResolvable() ? tickers.get() : Ticker.SYSTEM,
                events::fire, managedThreadFactory());
        String application = applicationName();
        runtime.registerMBean(application);
        if (MICROMETER) {
            meters = MicrometerMeters.bind(beanManager, runtime, application);
        }
    }

    /** Whether Micrometer is on the class path: asked once, its classes stay unloaded if not. */
    private static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");

    private static boolean present(String className) {
        try {
            Class.forName(className, false, DefaultChannelBox.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code java:app/AppName} in a container; {@code channelbox} standalone. */
    private static String applicationName() {
        try {
            Object name = new InitialContext().lookup("java:app/AppName");
            if (name instanceof String s && !s.isBlank()) {
                return s;
            }
        } catch (NamingException | RuntimeException | LinkageError none) {
            LOG.log(Level.FINEST, "ChannelBox: no java:app/AppName", none);
        }
        return "channelbox";
    }

    /** Jakarta Concurrency's default managed thread factory, where the container binds it (every EE 10 one). */
    static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    /**
     * The container's managed thread factory, looked up while the application deploys (so its threads
     * carry the application's naming context and class loader); {@code null} standalone, or where the
     * container has no Jakarta Concurrency (then our own threads run everything, as standalone).
     */
    private static ThreadFactory managedThreadFactory() {
        try {
            Object found = new InitialContext().lookup(MANAGED_THREAD_FACTORY);
            if (found instanceof ThreadFactory factory) {
                LOG.fine(() -> "ChannelBox: threads from the container's " + MANAGED_THREAD_FACTORY);
                return factory;
            }
        } catch (NamingException | RuntimeException | LinkageError none) {
            LOG.log(Level.FINE, "ChannelBox: no " + MANAGED_THREAD_FACTORY + "; the library runs its own threads", none);
        }
        return null;
    }

    @PreDestroy
    void stop() {
        if (meters != null) {
            try {
                meters.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "ChannelBox: removing its meters", e);
            }
        }
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
    public RecoveringJoin addChannelToGroup(Channel channel, String group, Position since) {
        return runtime.addChannelToGroup(channel, group, since);
    }

    @Override
    public Recovery historySince(String group, Position since) {
        return runtime.historySince(group, since);
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

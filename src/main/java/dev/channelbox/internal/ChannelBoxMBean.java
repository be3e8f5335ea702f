package dev.channelbox.internal;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@link ChannelBoxMXBean} of one runtime, registered in the platform MBean server at start and
 * unregistered at close. Attributes are read on the JMX caller's thread, from the runtime's live
 * counters.
 */
final class ChannelBoxMBean implements ChannelBoxMXBean {

    private static final Logger LOG = Logger.getLogger(ChannelBoxMBean.class.getName());

    private final Supplier<Snapshot> metrics;
    private ObjectName name; // set by register, read by unregister (the runtime's start and close)

    ChannelBoxMBean(Supplier<Snapshot> metrics) {
        this.metrics = metrics;
    }

    /**
     * Registers under {@code dev.channelbox:type=ChannelBox,application=<application>}; a second runtime
     * of the same name in this JVM (two standalone servers) gets {@code <application>-2}, and so on.
     * A JVM whose MBean server refuses it runs on without (logged).
     */
    void register(String application) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int n = 1; n < 1000; n++) {
            try {
                String value = n == 1 ? application : application + "-" + n;
                ObjectName candidate = new ObjectName("dev.channelbox:type=ChannelBox,application="
                        + (value.matches("[A-Za-z0-9._-]+") ? value : ObjectName.quote(value)));
                server.registerMBean(this, candidate);
                name = candidate;
                return;
            } catch (InstanceAlreadyExistsException taken) {
                // the next suffix
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.WARNING, "ChannelBox: cannot register its MBean for " + application + " (metrics over JMX are off)", e);
                return;
            }
        }
    }

    void unregister() {
        ObjectName n = name;
        name = null;
        if (n != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(n);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.FINE, "ChannelBox: unregistering its MBean " + n, e);
            }
        }
    }

    /** The name it is registered under, or {@code null}. */
    ObjectName name() {
        return name;
    }

    @Override public int getConnections() { return metrics.get().connections(); }
    @Override public int getGroups() { return metrics.get().groups(); }
    @Override public long getMembers() { return metrics.get().members(); }
    @Override public long getMessagesIn() { return metrics.get().messagesIn(); }
    @Override public long getMessagesOut() { return metrics.get().messagesOut(); }
    @Override public long getQueuedMessages() { return metrics.get().queuedMessages(); }
    @Override public long getQueuedBytes() { return metrics.get().queuedBytes(); }
    @Override public long getDroppedMessages() { return metrics.get().droppedMessages(); }
    @Override public long getOverflowCloses() { return metrics.get().overflowCloses(); }
    @Override public long getSendTimeouts() { return metrics.get().sendTimeouts(); }
    @Override public long getHeartbeatCloses() { return metrics.get().heartbeatCloses(); }
    @Override public long getRefusedHandshakes() { return metrics.get().refusedHandshakes(); }
    @Override public long getRateLimitHits() { return metrics.get().rateLimitHits(); }
    @Override public long getUnpublishedSends() { return metrics.get().unpublishedSends(); }
    @Override public long getLostPublications() { return metrics.get().lostPublications(); }
    @Override public boolean isBrokerReachable() { return metrics.get().brokerReachable(); }
    @Override public String getBroker() { return metrics.get().broker(); }
}

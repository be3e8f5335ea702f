package dev.channelbox.cdi;

import dev.channelbox.internal.ChannelBoxMXBean.Snapshot;
import dev.channelbox.internal.ChannelBoxRuntime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The metrics as Micrometer meters ({@code channelbox.*}, tagged with the application) on the
 * application's {@link MeterRegistry} bean. Loaded only when Micrometer is on the class path
 * ({@link DefaultChannelBox} asks first), so nothing else refers to its classes. Meters are read on
 * the registry's (the scraper's) thread.
 */
final class MicrometerMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Binds the meters to the application's one {@code MeterRegistry} bean; {@code null} if it has none. */
    static MicrometerMeters bind(BeanManager beanManager, ChannelBoxRuntime runtime, String application) {
        Set<Bean<?>> beans = beanManager.getBeans(MeterRegistry.class);
        if (beans.isEmpty()) {
            return null;
        }
        Bean<?> bean = beanManager.resolve(beans);
        MeterRegistry registry = (MeterRegistry) beanManager.getReference(bean, MeterRegistry.class,
                beanManager.createCreationalContext(bean));
        MicrometerMeters m = new MicrometerMeters(registry);
        Tags tags = Tags.of("application", application);
        m.gauge("channelbox.connections", "connections open now", runtime, s -> s.connections(), tags);
        m.gauge("channelbox.groups", "groups with members on this node", runtime, s -> s.groups(), tags);
        m.gauge("channelbox.members", "memberships on this node", runtime, s -> s.members(), tags);
        m.gauge("channelbox.queued.messages", "messages waiting in outboxes", runtime, s -> s.queuedMessages(), tags);
        m.gauge("channelbox.queued.bytes", "bytes waiting in outboxes", runtime, s -> s.queuedBytes(), tags);
        m.gauge("channelbox.broker.reachable", "1 while the broker (Redis) is reachable, else 0", runtime,
                s -> s.brokerReachable() ? 1 : 0, tags.and("broker", runtime.metrics().broker()));
        m.counter("channelbox.messages.in", "messages received from clients", runtime, s -> s.messagesIn(), tags);
        m.counter("channelbox.messages.out", "messages taken for delivery to clients", runtime, s -> s.messagesOut(), tags);
        m.counter("channelbox.messages.dropped", "messages dropped by full outboxes (DROP_OLDEST)", runtime,
                s -> s.droppedMessages(), tags);
        m.counter("channelbox.overflow.closes", "connections closed by an outbox overflow", runtime, s -> s.overflowCloses(), tags);
        m.counter("channelbox.send.timeouts", "connections closed by the send timeout", runtime, s -> s.sendTimeouts(), tags);
        m.counter("channelbox.heartbeat.closes", "connections closed for not answering pings", runtime,
                s -> s.heartbeatCloses(), tags);
        m.counter("channelbox.handshakes.refused", "handshakes refused by origin or access rules", runtime,
                s -> s.refusedHandshakes(), tags);
        m.counter("channelbox.rate.limited", "messages refused by the rate limit", runtime, s -> s.rateLimitHits(), tags);
        m.counter("channelbox.unpublished.sends", "group sends that reached only this node (Redis unreachable)", runtime,
                s -> s.unpublishedSends(), tags);
        m.counter("channelbox.lost.publications", "messages this node's members missed (gone from Redis's replay log)",
                runtime, s -> s.lostPublications(), tags);
        return m;
    }

    private void gauge(String name, String description, ChannelBoxRuntime runtime, ToDoubleFunction<Snapshot> value, Tags tags) {
        meters.add(Gauge.builder(name, runtime, r -> value.applyAsDouble(r.metrics()))
                .description(description).tags(tags).register(registry));
    }

    private void counter(String name, String description, ChannelBoxRuntime runtime, ToDoubleFunction<Snapshot> value, Tags tags) {
        meters.add(FunctionCounter.builder(name, runtime, r -> value.applyAsDouble(r.metrics()))
                .description(description).tags(tags).register(registry));
    }

    /** Removes the meters (the application stops). */
    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}

package dev.channelbox.cdi;

import dev.channelbox.internal.ChannelBoxMXBean;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;

/**
 * MicroProfile Health's readiness check {@code channelbox}: down while the broker (Redis, with several
 * nodes) is unreachable, up otherwise, with the broker and the open connections as data. Added as a
 * bean by {@link ChannelBoxExtension} only where MicroProfile Health's API is there; run on the
 * health endpoint's thread.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Inject
    DefaultChannelBox channelBox;

    @Override
    public HealthCheckResponse call() {
        ChannelBoxMXBean.Snapshot metrics = channelBox.runtime().metrics();
        // the constructor, not the builder: no HealthCheckResponseProvider lookup, whichever runtime
        return new HealthCheckResponse("channelbox",
                metrics.brokerReachable() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(Map.of("broker", metrics.broker(), "connections", (long) metrics.connections())));
    }
}

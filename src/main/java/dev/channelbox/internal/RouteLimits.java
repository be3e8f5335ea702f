package dev.channelbox.internal;

import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.OverflowPolicy;
import dev.channelbox.WebSocketRoute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's own delivery settings from {@link WebSocketRoute}'s attributes: -1 or empty means "the
 * application's", so the effective configuration is decided per route when the application's
 * {@link ChannelBoxConfig} is known.
 */
public record RouteLimits(int outboxMaxMessages, long outboxMaxBytes, OverflowPolicy overflowPolicy, long sendTimeoutMillis) {

    /** No override: the application's settings. */
    public static final RouteLimits NONE = new RouteLimits(-1, -1, null, -1);

    public static RouteLimits of(WebSocketRoute route) {
        OverflowPolicy[] policy = route.overflowPolicy();
        return new RouteLimits(route.outboxMaxMessages(), route.outboxMaxBytes(),
                policy.length == 0 ? null : policy[0], route.sendTimeoutMillis());
    }

    /** What is wrong with the attributes of {@code route}, for deployment problems. */
    public static List<String> problems(WebSocketRoute route) {
        List<String> problems = new ArrayList<>();
        if (route.outboxMaxMessages() == 0 || route.outboxMaxMessages() < -1) {
            problems.add("outboxMaxMessages must be positive (or -1 for the application's), not " + route.outboxMaxMessages());
        }
        if (route.outboxMaxBytes() == 0 || route.outboxMaxBytes() < -1) {
            problems.add("outboxMaxBytes must be positive (or -1 for the application's), not " + route.outboxMaxBytes());
        }
        if (route.sendTimeoutMillis() == 0 || route.sendTimeoutMillis() < -1) {
            problems.add("sendTimeoutMillis must be positive (or -1 for the application's), not " + route.sendTimeoutMillis());
        }
        if (route.overflowPolicy().length > 1) {
            problems.add("overflowPolicy takes one policy, not " + route.overflowPolicy().length);
        }
        return problems;
    }

    /** The application's configuration with this route's settings applied. */
    ChannelBoxConfig applyTo(ChannelBoxConfig config) {
        if (this.equals(NONE)) {
            return config;
        }
        ChannelBoxConfig.Builder b = config.toBuilder();
        if (outboxMaxMessages > 0) {
            b.outboxMaxMessages(outboxMaxMessages);
        }
        if (outboxMaxBytes > 0) {
            b.outboxMaxBytes(outboxMaxBytes);
        }
        if (overflowPolicy != null) {
            b.overflowPolicy(overflowPolicy);
        }
        if (sendTimeoutMillis > 0) {
            b.sendTimeout(Duration.ofMillis(sendTimeoutMillis));
        }
        return b.build();
    }
}

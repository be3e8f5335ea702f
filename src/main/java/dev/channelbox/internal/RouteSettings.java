package dev.channelbox.internal;

import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.OverflowPolicy;
import dev.channelbox.RateLimitAction;
import dev.channelbox.WebSocketRoute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's own settings from {@link WebSocketRoute}'s attributes: -1 or empty means "the
 * application's", so the effective configuration is decided per route once the application's
 * {@link ChannelBoxConfig} is known.
 */
public record RouteSettings(int outboxMaxMessages, long outboxMaxBytes, OverflowPolicy overflowPolicy,
                            long sendTimeoutMillis, int maxMessageSize, List<String> allowedOrigins, double rateLimit,
                            int rateBurst, RateLimitAction rateLimitAction, int maxConnectionsPerAddress,
                            int maxGroupMembers, boolean positioned, boolean presence) {

    /** No override: the application's settings. */
    public static final RouteSettings NONE = new RouteSettings(-1, -1, null, -1, -1, List.of(), -1, -1, null, -1, -1, false, false);


    public static RouteSettings of(WebSocketRoute route) {
        return new RouteSettings(route.outboxMaxMessages(), route.outboxMaxBytes(), first(route.overflowPolicy()),
                route.sendTimeoutMillis(), route.maxMessageSize(), List.of(route.allowedOrigins()), route.rateLimit(),
                route.rateBurst(), first(route.rateLimitAction()), route.maxConnectionsPerAddress(),
                route.maxGroupMembers(), route.positioned() || route.presence(), route.presence());
    }

    /** What is wrong with the attributes of {@code route}, for deployment problems. */
    public static List<String> problems(WebSocketRoute route) {
        List<String> problems = new ArrayList<>();
        positiveOrUnset("outboxMaxMessages", route.outboxMaxMessages(), problems);
        positiveOrUnset("outboxMaxBytes", route.outboxMaxBytes(), problems);
        positiveOrUnset("sendTimeoutMillis", route.sendTimeoutMillis(), problems);
        positiveOrUnset("maxMessageSize", route.maxMessageSize(), problems);
        positiveOrUnset("rateBurst", route.rateBurst(), problems);
        if (route.rateLimit() < 0 && route.rateLimit() != -1 || Double.isNaN(route.rateLimit()) || Double.isInfinite(route.rateLimit())) {
            problems.add("rateLimit must be >= 0 (or -1 for the application's), not " + route.rateLimit());
        }
        if (route.maxConnectionsPerAddress() < -1) {
            problems.add("maxConnectionsPerAddress must be >= 0 (or -1 for the application's), not " + route.maxConnectionsPerAddress());
        }
        if (route.maxGroupMembers() < -1) {
            problems.add("maxGroupMembers must be >= 0 (or -1 for the application's), not " + route.maxGroupMembers());
        }
        if (route.overflowPolicy().length > 1) {
            problems.add("overflowPolicy takes one policy, not " + route.overflowPolicy().length);
        }
        if (route.rateLimitAction().length > 1) {
            problems.add("rateLimitAction takes one action, not " + route.rateLimitAction().length);
        }
        for (String origin : route.allowedOrigins()) {
            if (!OriginPolicy.isValidPattern(origin)) {
                problems.add("allowedOrigins: '" + origin + "' is not an origin (scheme://host[:port], port may be *) nor *");
            }
        }
        return problems;
    }

    /** The application's configuration with this route's settings applied. */
    ChannelBoxConfig applyTo(ChannelBoxConfig config) {
        if (new RouteSettings(outboxMaxMessages, outboxMaxBytes, overflowPolicy, sendTimeoutMillis, maxMessageSize,
                allowedOrigins, rateLimit, rateBurst, rateLimitAction, maxConnectionsPerAddress, maxGroupMembers,
                false, false).equals(NONE)) { // what clients see is not configuration
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
        if (maxMessageSize > 0) {
            b.maxMessageSize(maxMessageSize);
        }
        if (!allowedOrigins.isEmpty()) {
            b.allowedOrigins(allowedOrigins.toArray(String[]::new));
        }
        if (rateLimit >= 0 || rateBurst > 0) {
            b.rateLimit(rateLimit >= 0 ? rateLimit : config.rateLimit(), rateBurst > 0 ? rateBurst : config.rateBurst());
        }
        if (rateLimitAction != null) {
            b.rateLimitAction(rateLimitAction);
        }
        if (maxConnectionsPerAddress >= 0) {
            b.maxConnectionsPerAddress(maxConnectionsPerAddress);
        }
        if (maxGroupMembers >= 0) {
            b.maxGroupMembers(maxGroupMembers);
        }
        return b.build();
    }

    private static void positiveOrUnset(String name, long value, List<String> problems) {
        if (value == 0 || value < -1) {
            problems.add(name + " must be positive (or -1 for the application's), not " + value);
        }
    }

    private static <T> T first(T[] values) {
        return values.length == 0 ? null : values[0];
    }
}

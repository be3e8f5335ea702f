package dev.channelbox.internal;

import dev.channelbox.ChannelBoxConfig;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** Picks the broker from the configuration: Redis when {@code redisUrl} is set, else in memory. */
final class Brokers {

    private static final Logger LOG = Logger.getLogger(Brokers.class.getName());
    private static final String LETTUCE_LINK = "dev.channelbox.redis.LettuceLink";

    private Brokers() {
    }

    static Broker create(ChannelBoxConfig config, Ticker ticker, ChannelBoxRuntime runtime, Consumer<Object> events) {
        if (config.redisUrl().isEmpty()) {
            return new LocalBroker(config, ticker.wallClock(), events);
        }
        String where = Settings.withoutPassword(config.redisUrl());
        RedisLink link = lettuce(config.redisUrl(), config.redisCommandTimeout(), where);
        RedisBroker broker = new RedisBroker(config, runtime, link, events);
        LOG.info(() -> "ChannelBox: node " + broker.node() + " shares its groups on Redis " + where + " (key prefix "
                + config.redisPrefix() + ")");
        return broker;
    }

    /** The Lettuce link, loaded by name so that Lettuce stays optional. */
    private static RedisLink lettuce(String url, Duration timeout, String where) {
        try {
            Class.forName("io.lettuce.core.RedisClient", false, Brokers.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("channelbox.redis-url is set (" + where + ") but Lettuce is not on the class"
                    + " path: add io.lettuce:lettuce-core (7.x) to the application", e);
        }
        try {
            return (RedisLink) Class.forName(LETTUCE_LINK).getConstructor(String.class, Duration.class)
                    .newInstance(url, timeout);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + LETTUCE_LINK, e);
        }
    }
}

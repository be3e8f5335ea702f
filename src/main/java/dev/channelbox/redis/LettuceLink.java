package dev.channelbox.redis;

import dev.channelbox.internal.RedisLink;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link RedisLink} on Lettuce: the only class of ChannelBox that links to Lettuce, created by name
 * when {@code channelbox.redis-url} is set. Two connections: one for commands (scripts), one for
 * Pub/Sub. Both reconnect by themselves after 50 ms, then at most every 500 ms, and Lettuce subscribes
 * again to every channel after a reconnect. While disconnected, commands fail at once instead of
 * queueing ({@code REJECT_COMMANDS}); commands in flight when the link drops fail too, instead of
 * being sent again (at most once); the request queue is bounded: nothing piles up in an outage.
 *
 * <p>Threads: Lettuce's own I/O threads (two) run the replies and the {@link Listener}; callers of
 * {@link #eval} wait on their own thread for at most the command timeout.
 */
public final class LettuceLink implements RedisLink {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final int REQUEST_QUEUE = 10_000;

    private final Duration timeout;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
    /** SHA-1s of the scripts the Redis behind {@link #commands} holds; forgotten when it disconnects. */
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    private volatile Listener listener;

    /**
     * Connects both connections (waiting at most {@code timeout} for each).
     *
     * @param url {@code redis://[:password@]host:port[/db]} or {@code rediss://...}
     * @throws IllegalStateException Redis cannot be reached now
     */
    public LettuceLink(String url, Duration timeout) {
        this.timeout = timeout;
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // at most once: a command in flight when the link drops fails (the broker then
                // delivers a group send here only, and the next sync repairs memberships) rather
                // than running twice after the reconnect
                .replayFilter(command -> true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .protocolVersion(ProtocolVersion.RESP2)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            this.commands = client.connect(CODEC);
            this.pubSub = client.connectPubSub(CODEC);
        } catch (RuntimeException e) {
            shutdown();
            throw new IllegalStateException("ChannelBox: cannot reach Redis at " + dev.channelbox.internal.Settings.withoutPassword(url) + ": " + e.getMessage(), e);
        }
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                Listener l = listener;
                if (l != null) {
                    l.connected(connection == pubSub);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == commands) {
                    loaded.clear(); // it may come back as a Redis restarted empty
                }
                Listener l = listener;
                if (l != null) {
                    l.disconnected(connection == pubSub);
                }
            }
        });
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                Listener l = listener;
                if (l != null) {
                    l.message(channel, message);
                }
            }
        });
    }

    @Override
    public void listen(Listener listener) {
        this.listener = listener;
    }

    @Override
    public Object eval(Script script, List<String> keys, List<byte[]> args) {
        try {
            return await(start(script, keys, args));
        } catch (RedisNoScriptException e) {
            loaded.clear(); // SCRIPT FLUSH: they are all gone
            return await(commands.async().eval(script.source(), ScriptOutputType.OBJECT, keys.toArray(String[]::new),
                    args.toArray(byte[][]::new)));
        }
    }

    @Override
    public CompletableFuture<Object> evalAsync(Script script, List<String> keys, List<byte[]> args) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        RedisFuture<Object> f;
        try {
            f = start(script, keys, args);
        } catch (RuntimeException e) {
            result.completeExceptionally(new Unavailable("Redis: " + e, e));
            return result;
        }
        f.whenComplete((r, e) -> {
            if (e == null) {
                result.complete(r);
            } else if (unwrap(e) instanceof RedisNoScriptException) {
                loaded.clear(); // SCRIPT FLUSH: they are all gone
                // Redis restarted and forgot the script: send its source (same connection, so the
                // commands sent after this one may run first: only after a restart)
                commands.async().eval(script.source(), ScriptOutputType.OBJECT, keys.toArray(String[]::new),
                        args.toArray(byte[][]::new)).whenComplete((r2, e2) -> {
                            if (e2 == null) {
                                result.complete(r2);
                            } else {
                                result.completeExceptionally(new Unavailable("Redis: " + unwrap(e2), unwrap(e2)));
                            }
                        });
            } else {
                result.completeExceptionally(new Unavailable("Redis: " + unwrap(e), unwrap(e)));
            }
        });
        return result;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /**
     * EVALSHA once Redis is known to hold the script, EVAL (which also caches it) until then: a
     * NOSCRIPT answer would make the command run again behind commands pipelined after it, and
     * pipelined commands must run in the order they were sent (a leave, then a count).
     */
    private RedisFuture<Object> start(Script script, List<String> keys, List<byte[]> args) {
        String[] k = keys.toArray(String[]::new);
        byte[][] a = args.toArray(byte[][]::new);
        if (loaded.contains(script.sha1())) {
            return commands.async().evalsha(script.sha1(), ScriptOutputType.OBJECT, k, a);
        }
        RedisFuture<Object> f = commands.async().eval(script.source(), ScriptOutputType.OBJECT, k, a);
        f.thenRun(() -> loaded.add(script.sha1()));
        return f;
    }

    private Object await(RedisFuture<Object> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisNoScriptException n) {
                throw n;
            }
            throw new Unavailable("Redis: " + cause, cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new Unavailable("Redis did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for Redis", e);
        } catch (RuntimeException e) {
            throw new Unavailable("Redis: " + e, e); // rejected while disconnected, queue full
        }
    }

    @Override
    public void subscribe(String channel) {
        pubSub.async().subscribe(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        pubSub.async().unsubscribe(channel);
    }

    @Override
    public void close() {
        listener = null;
        try {
            pubSub.close();
            commands.close();
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}

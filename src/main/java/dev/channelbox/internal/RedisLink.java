package dev.channelbox.internal;

import java.util.List;

/**
 * What {@link RedisBroker} needs from a Redis client: scripts and Pub/Sub. Implemented with Lettuce by
 * {@code dev.channelbox.redis.LettuceLink}, the only class that touches Lettuce, loaded by name when
 * {@code channelbox.redis-url} is set (an application that does not set it never loads a Lettuce class).
 *
 * <p>Threads: {@link #eval} blocks its caller at most the command timeout; {@link #evalAsync},
 * {@link #subscribe} and {@link #unsubscribe} never block. The {@link Listener} is called on the
 * client's I/O threads and must return at once.
 */
public interface RedisLink extends AutoCloseable {

    /**
     * Runs a script (by its SHA-1, sending the source once when Redis does not know it) and waits for
     * its reply: {@code Long}, {@code byte[]}, {@code List<Object>} of those, or {@code null}.
     *
     * @throws Unavailable Redis did not answer within the command timeout, or is disconnected
     */
    Object eval(Script script, List<String> keys, List<byte[]> args);

    /**
     * {@link #eval} without waiting: the reply completes the future (on the client's I/O thread), a
     * failure completes it with {@link Unavailable}, at once if Redis is known to be disconnected or
     * the request queue is full. Scripts sent from one thread run in the order sent.
     */
    java.util.concurrent.CompletableFuture<Object> evalAsync(Script script, List<String> keys, List<byte[]> args);

    /** Subscribes to a Pub/Sub channel (kept across reconnects). Never blocks. */
    void subscribe(String channel);

    /** Unsubscribes. Never blocks. */
    void unsubscribe(String channel);

    /** Starts delivering to {@code listener}; called once, before any subscription. */
    void listen(Listener listener);

    /** Closes the connections and stops the client's threads. */
    @Override
    void close();

    /** Calls from the client's I/O threads: return at once. */
    interface Listener {
        /** A message on a subscribed channel. */
        void message(String channel, byte[] payload);

        /** A connection (re)connected; {@code pubSub}: the subscriber connection. */
        void connected(boolean pubSub);

        /** A connection was lost. */
        void disconnected(boolean pubSub);
    }

    /** A Lua script and its SHA-1 (Redis's name for it). */
    record Script(String name, String source, String sha1) {
        public Script(String name, String source) {
            this(name, source, Sha1.hex(source));
        }
    }

    /** Redis did not answer: disconnected, or not within the command timeout. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** SHA-1 in hex, as {@code SCRIPT LOAD} names a script. */
    final class Sha1 {
        private Sha1() {
        }

        static String hex(String source) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                StringBuilder b = new StringBuilder();
                for (byte x : d) {
                    b.append(String.format("%02x", x));
                }
                return b.toString();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

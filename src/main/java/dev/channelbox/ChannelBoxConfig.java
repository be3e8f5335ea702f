package dev.channelbox;

import dev.channelbox.internal.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Limits and timings, with defaults that suit a chat server. Immutable.
 *
 * <p>Most settings can also be set per route on {@link WebSocketRoute}.
 *
 * <p>Three ways to set them, weakest first:
 * <ol>
 *   <li>the defaults below;</li>
 *   <li>system properties, environment variables or MicroProfile Config, read by
 *       {@link #fromEnvironment()}: the property {@code channelbox.history-max-messages}, else the
 *       variable {@code CHANNELBOX_HISTORY_MAX_MESSAGES}, else (where the runtime has MicroProfile
 *       Config) its property {@code channelbox.history-max-messages} from any of its sources, such as
 *       the WAR's {@code META-INF/microprofile-config.properties}; and so on for each setting
 *       (durations in ISO-8601 such as {@code PT10S} or in milliseconds, sizes in bytes);</li>
 *   <li>a CDI producer of the application, which replaces the whole configuration. Put
 *       {@code @Alternative @Priority} on the class: CDI 4.0 (Jakarta EE 10) ignores {@code @Priority}
 *       on a producer method, so the library's default producer would stay in force.
 *       <pre>{@code
 * @Alternative @Priority(1) @Dependent
 * public class ChatConfig {
 *     @Produces
 *     ChannelBoxConfig config() {
 *         return ChannelBoxConfig.fromEnvironment().toBuilder().historyMaxMessages(500).build();
 *     }
 * }}</pre></li>
 * </ol>
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>when exceeded</th></tr>
 *   <tr><td>{@code outboxMaxMessages}, {@code outboxMaxBytes}</td><td>1,000 messages, 1 MiB</td>
 *       <td>per connection; the {@code overflowPolicy} applies</td></tr>
 *   <tr><td>{@code overflowPolicy}</td><td>{@link OverflowPolicy#CLOSE}</td><td></td></tr>
 *   <tr><td>{@code sendTimeout}</td><td>10 s</td><td>a write in flight longer: the connection is closed with 1008 {@code "send timeout"}</td></tr>
 *   <tr><td>{@code historyMaxMessages}, {@code historyMaxBytes}</td><td>100, 1 MiB per group</td>
 *       <td>the oldest entries fall off, one at a time</td></tr>
 *   <tr><td>{@code historyMaxAge}</td><td>none ({@code Duration.ZERO})</td><td>older entries fall off</td></tr>
 *   <tr><td>{@code historyMaxGroups}</td><td>10,000</td><td>the history written least recently is dropped</td></tr>
 *   <tr><td>{@code historyMaxTotalBytes}</td><td>64 MiB</td><td>all groups' histories together: the oldest
 *       entries across all groups fall off, one at a time (a group loses its whole history only when all of
 *       it is older than every other group's); 0 disables history</td></tr>
 *   <tr><td>{@code maxMessageSize}</td><td>64 KiB</td><td>an inbound message larger (text in UTF-8 bytes; one frame
 *       or fragments) is refused with 1009 before user code sees it; the standalone server decides on the frame
 *       header, before buffering it (other runtimes: README, "Security")</td></tr>
 *   <tr><td>{@code expirySweepInterval}</td><td>1 s</td><td>how often expired channels and stuck writes are looked for</td></tr>
 *   <tr><td>{@code handlerThreads}</td><td>256</td><td>on Java 17-20 only (no virtual threads): at most this
 *       many route handlers run at once; a connection beyond is closed with 1013</td></tr>
 *   <tr><td>{@code handlerThreadShare}</td><td>0.25</td><td>on Java 17-20 only: the share of
 *       {@code handlerThreads} that route handlers of connections from one client address may hold at once
 *       (at least one thread; 64 of the default 256); a connection beyond is closed with 1013
 *       {@code "too many handlers for this address"}, so one client cannot take every handler offline.
 *       1.0: no per-address share. On Java 21+ every handler has its own virtual thread and nothing shared
 *       runs out: use {@code maxConnectionsPerAddress} there</td></tr>
 *   <tr><td>{@code handlerQueueMessages}, {@code handlerQueueBytes}</td><td>1,000 messages, 1 MiB</td><td>what a
 *       handler has not yet received (text counts 2 bytes a character, as held in memory; one message is
 *       always taken into an empty queue); beyond, the connection is closed with 1008
 *       {@code "too many unread messages"}</td></tr>
 *   <tr><td>{@code heartbeatInterval}, {@code heartbeatTimeout}</td><td>25 s, 10 s</td><td>a connection
 *       whose last pong is older than the interval is pinged (the ping takes the next write slot, ahead of
 *       queued messages, and is never dropped); its pong must echo the ping's payload (a nonce) within the
 *       timeout, counted from when the ping was written: else the peer is gone (cable pulled, NAT timeout,
 *       a client that never reads), the connection is closed (1001 {@code "heartbeat timeout"}) and leaves
 *       its groups, {@code onDisconnect} runs. Inbound messages do not count as an answer. A ping whose
 *       write does not complete falls under {@code sendTimeout}. {@code Duration.ZERO} interval: no
 *       heartbeat</td></tr>
 *   <tr><td>{@code idleTimeout}</td><td>none ({@code Duration.ZERO})</td><td>the container closes a
 *       connection without inbound or outbound traffic for this long (separate from a channel's
 *       {@code expires})</td></tr>
 *   <tr><td>{@code shutdownGrace}</td><td>5 s</td><td>on application shutdown, how long outboxes may
 *       drain behind the 1001 close before the connections are dropped</td></tr>
 *   <tr><td>{@code allowedOrigins}</td><td>same origin</td><td>a browser page from another origin is
 *       refused at the handshake with HTTP 403 (cross-site WebSocket hijacking)</td></tr>
 *   <tr><td>{@code maxConnectionsPerAddress}</td><td>unlimited (0)</td><td>per route: a connection beyond is
 *       closed at once with 1008 {@code "too many connections"}</td></tr>
 *   <tr><td>{@code rateLimit}, {@code rateBurst}, {@code rateLimitAction}</td><td>unlimited (0), 1,
 *       {@code REPLY_ERROR}</td><td>inbound messages per second per connection (token bucket): an error
 *       reply and the message dropped, or a close with 1008</td></tr>
 *   <tr><td>{@code maxGroupMembers}</td><td>unlimited (0)</td><td>joining a full group returns
 *       {@link JoinStatus#GROUP_FULL}</td></tr>
 *   <tr><td>{@code redisUrl}, {@code redisPrefix}, {@code redisCommandTimeout}</td><td>none (one node),
 *       {@code channelbox}, 2 s</td><td>several nodes share their groups on this Redis (README, "Several
 *       nodes"); the prefix starts every key, so applications can share a Redis; no Redis command keeps a
 *       caller waiting longer than the timeout. Not per route</td></tr>
 *   <tr><td>{@code jsonMaxDepth}, {@code jsonMaxNumberLength}</td><td>64, 100 characters</td><td>inbound JSON
 *       nested deeper or with a longer number is invalid (the invalid-JSON answer), before any parsing</td></tr>
 * </table>
 */
public final class ChannelBoxConfig {

    // ------------------------------------------------------------ the settings, each declared once:
    // its name (the property is channelbox.<kebab-case name>, the variable CHANNELBOX_<UPPER_SNAKE>),
    // its default, how a property's text parses, and what a value must be

    private static final List<Setting<?>> ALL = new ArrayList<>();

    // outbox: what may wait for a slow client
    private static final Setting<Integer> OUTBOX_MAX_MESSAGES = Setting.positive("outboxMaxMessages", 1_000);
    private static final Setting<Long> OUTBOX_MAX_BYTES = Setting.positive("outboxMaxBytes", 1L << 20);
    private static final Setting<OverflowPolicy> OVERFLOW_POLICY =
            Setting.of("overflowPolicy", OverflowPolicy.CLOSE, v -> OverflowPolicy.valueOf(v.toUpperCase(Locale.ROOT)));
    private static final Setting<Duration> SEND_TIMEOUT = Setting.positive("sendTimeout", Duration.ofSeconds(10));

    // history
    private static final Setting<Integer> HISTORY_MAX_MESSAGES = Setting.notNegative("historyMaxMessages", 100);
    private static final Setting<Long> HISTORY_MAX_BYTES = Setting.notNegative("historyMaxBytes", 1L << 20);
    private static final Setting<Duration> HISTORY_MAX_AGE = Setting.notNegative("historyMaxAge", Duration.ZERO);
    private static final Setting<Integer> HISTORY_MAX_GROUPS = Setting.notNegative("historyMaxGroups", 10_000);
    // 64 full 1 MiB histories, or 6,400 rooms of 100 1-KiB messages: a small slice of any heap a chat
    // server runs with, where the per-group and group-count bounds alone allowed 10 GB
    private static final Setting<Long> HISTORY_MAX_TOTAL_BYTES = Setting.notNegative("historyMaxTotalBytes", 64L << 20);

    // inbound
    private static final Setting<Integer> MAX_MESSAGE_SIZE = Setting.positive("maxMessageSize", 64 * 1024);
    private static final Setting<Integer> JSON_MAX_DEPTH = Setting.positive("jsonMaxDepth", 64);
    private static final Setting<Integer> JSON_MAX_NUMBER_LENGTH = Setting.positive("jsonMaxNumberLength", 100);

    // route handlers' threads and queues
    private static final Setting<Integer> HANDLER_THREADS = Setting.positive("handlerThreads", 256);
    // a quarter: one client, or even three together, leave handlers for everyone else; an attack from
    // many addresses is for maxConnectionsPerAddress and the network's own defences
    private static final Setting<Double> HANDLER_THREAD_SHARE = Setting.of("handlerThreadShare", 0.25, Double::parseDouble,
            v -> v > 0 && v <= 1, "must be > 0 and <= 1: ");
    private static final Setting<Integer> HANDLER_QUEUE_MESSAGES = Setting.positive("handlerQueueMessages", 1_000);
    // like the outbox: 1,000 messages of up to 64 KiB each would otherwise be 64 MiB per connection
    private static final Setting<Long> HANDLER_QUEUE_BYTES = Setting.positive("handlerQueueBytes", 1L << 20);

    // liveness and lifecycle
    private static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.notNegative("heartbeatInterval", Duration.ofSeconds(25));
    private static final Setting<Duration> HEARTBEAT_TIMEOUT = Setting.positive("heartbeatTimeout", Duration.ofSeconds(10));
    private static final Setting<Duration> IDLE_TIMEOUT = Setting.notNegative("idleTimeout", Duration.ZERO);
    private static final Setting<Duration> SHUTDOWN_GRACE = Setting.notNegative("shutdownGrace", Duration.ofSeconds(5));
    private static final Setting<Duration> EXPIRY_SWEEP_INTERVAL = Setting.positive("expirySweepInterval", Duration.ofSeconds(1));

    // guards
    private static final Setting<List<String>> ALLOWED_ORIGINS =
            Setting.of("allowedOrigins", List.<String>of(), v -> List.of(v.split("\\s*,\\s*")));
    private static final Setting<Integer> MAX_CONNECTIONS_PER_ADDRESS = Setting.notNegative("maxConnectionsPerAddress", 0);
    private static final Setting<Double> RATE_LIMIT = Setting.of("rateLimit", 0.0, Double::parseDouble,
            v -> v >= 0 && !v.isInfinite(), "must be a finite number >= 0: ");
    private static final Setting<Integer> RATE_BURST = Setting.positive("rateBurst", 1);
    private static final Setting<RateLimitAction> RATE_LIMIT_ACTION = Setting.of("rateLimitAction", RateLimitAction.REPLY_ERROR,
            v -> RateLimitAction.valueOf(v.toUpperCase(Locale.ROOT)));
    private static final Setting<Integer> MAX_GROUP_MEMBERS = Setting.notNegative("maxGroupMembers", 0);

    // several nodes (README, "Several nodes")
    private static final Setting<String> REDIS_URL = Setting.of("redisUrl", "", String::trim,
            v -> v.isEmpty() || v.startsWith("redis://") || v.startsWith("rediss://"), "must start with redis:// or rediss://: ");
    private static final Setting<String> REDIS_PREFIX = Setting.of("redisPrefix", "channelbox", String::trim,
            v -> v.matches("[A-Za-z0-9_.\\-]{1,64}"), "must be 1 to 64 letters, digits, '_', '.' or '-': ");
    private static final Setting<Duration> REDIS_COMMAND_TIMEOUT = Setting.positive("redisCommandTimeout", Duration.ofSeconds(2));

    private final Object[] values; // by Setting.index

    private ChannelBoxConfig(Object[] values) {
        for (Setting<?> setting : ALL) {
            setting.check(values[setting.index]);
        }
        this.values = values;
    }

    /** The defaults, ignoring system properties and environment. */
    public static ChannelBoxConfig defaults() {
        return new Builder().build();
    }

    /**
     * The defaults overridden by system properties and environment variables (see the class comment).
     *
     * @throws IllegalArgumentException a value that does not parse, naming the setting
     */
    public static ChannelBoxConfig fromEnvironment() {
        Builder b = new Builder();
        for (Setting<?> setting : ALL) {
            b.values[setting.index] = setting.readFromEnvironment(b.values[setting.index]);
        }
        return b.build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(values, 0, b.values, 0, values.length);
        return b;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> setting) {
        return (T) values[setting.index];
    }

    public int outboxMaxMessages() { return get(OUTBOX_MAX_MESSAGES); }
    public long outboxMaxBytes() { return get(OUTBOX_MAX_BYTES); }
    public OverflowPolicy overflowPolicy() { return get(OVERFLOW_POLICY); }
    public Duration sendTimeout() { return get(SEND_TIMEOUT); }
    public int historyMaxMessages() { return get(HISTORY_MAX_MESSAGES); }
    public long historyMaxBytes() { return get(HISTORY_MAX_BYTES); }
    /** {@code Duration.ZERO}: entries do not age out. */
    public Duration historyMaxAge() { return get(HISTORY_MAX_AGE); }
    public int historyMaxGroups() { return get(HISTORY_MAX_GROUPS); }
    /** All groups' histories together, in bytes; 0: no history. */
    public long historyMaxTotalBytes() { return get(HISTORY_MAX_TOTAL_BYTES); }
    public int maxMessageSize() { return get(MAX_MESSAGE_SIZE); }
    public Duration expirySweepInterval() { return get(EXPIRY_SWEEP_INTERVAL); }
    public int handlerThreads() { return get(HANDLER_THREADS); }
    /** Java 17-20: the share of {@link #handlerThreads()} one client address may hold; 1.0: no share. */
    public double handlerThreadShare() { return get(HANDLER_THREAD_SHARE); }
    public int handlerQueueMessages() { return get(HANDLER_QUEUE_MESSAGES); }
    public long handlerQueueBytes() { return get(HANDLER_QUEUE_BYTES); }
    /** {@code Duration.ZERO}: no heartbeat. */
    public Duration heartbeatInterval() { return get(HEARTBEAT_INTERVAL); }
    public Duration heartbeatTimeout() { return get(HEARTBEAT_TIMEOUT); }
    /** {@code Duration.ZERO}: none. */
    public Duration idleTimeout() { return get(IDLE_TIMEOUT); }
    public Duration shutdownGrace() { return get(SHUTDOWN_GRACE); }
    /** Empty: same origin only (and clients that send no Origin, i.e. not browsers). */
    public List<String> allowedOrigins() { return get(ALLOWED_ORIGINS); }
    /** 0: unlimited. */
    public int maxConnectionsPerAddress() { return get(MAX_CONNECTIONS_PER_ADDRESS); }
    /** Messages per second per connection; 0: unlimited. */
    public double rateLimit() { return get(RATE_LIMIT); }
    public int rateBurst() { return get(RATE_BURST); }
    public RateLimitAction rateLimitAction() { return get(RATE_LIMIT_ACTION); }
    /** 0: unlimited. */
    public int maxGroupMembers() { return get(MAX_GROUP_MEMBERS); }
    public int jsonMaxDepth() { return get(JSON_MAX_DEPTH); }
    public int jsonMaxNumberLength() { return get(JSON_MAX_NUMBER_LENGTH); }
    /** Empty: one node, in memory. Else {@code redis://[:password@]host:port[/db]} or {@code rediss://...}. */
    public String redisUrl() { return get(REDIS_URL); }
    /** The first part of every Redis key and channel of this application. */
    public String redisPrefix() { return get(REDIS_PREFIX); }
    /** The longest a Redis command may keep a caller waiting. */
    public Duration redisCommandTimeout() { return get(REDIS_COMMAND_TIMEOUT); }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ChannelBoxConfig[");
        for (Setting<?> setting : ALL) {
            Object value = setting == REDIS_URL ? Settings.withoutPassword(redisUrl()) : values[setting.index];
            b.append(setting.index == 0 ? "" : ", ").append(setting.name).append('=').append(value);
        }
        return b.append(']').toString();
    }

    /** Builds a {@link ChannelBoxConfig}; each setter validates on {@link #build()}. */
    public static final class Builder {

        private final Object[] values = ALL.stream().map(s -> s.defaultValue).toArray();

        private Builder() {
        }

        private <T> Builder set(Setting<T> setting, T value) {
            values[setting.index] = value;
            return this;
        }

        public Builder outboxMaxMessages(int v) { return set(OUTBOX_MAX_MESSAGES, v); }
        public Builder outboxMaxBytes(long v) { return set(OUTBOX_MAX_BYTES, v); }
        public Builder overflowPolicy(OverflowPolicy v) { return set(OVERFLOW_POLICY, v); }
        public Builder sendTimeout(Duration v) { return set(SEND_TIMEOUT, v); }
        public Builder historyMaxMessages(int v) { return set(HISTORY_MAX_MESSAGES, v); }
        public Builder historyMaxBytes(long v) { return set(HISTORY_MAX_BYTES, v); }
        public Builder historyMaxAge(Duration v) { return set(HISTORY_MAX_AGE, v); }
        public Builder historyMaxGroups(int v) { return set(HISTORY_MAX_GROUPS, v); }
        public Builder historyMaxTotalBytes(long v) { return set(HISTORY_MAX_TOTAL_BYTES, v); }
        public Builder maxMessageSize(int v) { return set(MAX_MESSAGE_SIZE, v); }
        public Builder expirySweepInterval(Duration v) { return set(EXPIRY_SWEEP_INTERVAL, v); }
        public Builder handlerThreads(int v) { return set(HANDLER_THREADS, v); }
        /** Java 17-20: the share (0 < share <= 1) of {@code handlerThreads} one client address may hold. */
        public Builder handlerThreadShare(double v) { return set(HANDLER_THREAD_SHARE, v); }
        public Builder handlerQueueMessages(int v) { return set(HANDLER_QUEUE_MESSAGES, v); }
        public Builder handlerQueueBytes(long v) { return set(HANDLER_QUEUE_BYTES, v); }
        public Builder heartbeatInterval(Duration v) { return set(HEARTBEAT_INTERVAL, v); }
        public Builder heartbeatTimeout(Duration v) { return set(HEARTBEAT_TIMEOUT, v); }
        public Builder idleTimeout(Duration v) { return set(IDLE_TIMEOUT, v); }
        public Builder shutdownGrace(Duration v) { return set(SHUTDOWN_GRACE, v); }
        /** Origin patterns such as {@code https://chat.example.com} or {@code http://localhost:*}; {@code "*"} allows any. */
        public Builder allowedOrigins(String... v) { return set(ALLOWED_ORIGINS, List.of(v)); }
        public Builder maxConnectionsPerAddress(int v) { return set(MAX_CONNECTIONS_PER_ADDRESS, v); }
        /** Sustained messages per second and the burst above it (token bucket); rate 0: unlimited. */
        public Builder rateLimit(double perSecond, int burst) { set(RATE_LIMIT, perSecond); return set(RATE_BURST, burst); }
        public Builder rateLimitAction(RateLimitAction v) { return set(RATE_LIMIT_ACTION, v); }
        public Builder maxGroupMembers(int v) { return set(MAX_GROUP_MEMBERS, v); }
        public Builder jsonMaxDepth(int v) { return set(JSON_MAX_DEPTH, v); }
        public Builder jsonMaxNumberLength(int v) { return set(JSON_MAX_NUMBER_LENGTH, v); }
        /** Several nodes on Redis: {@code redis://host:6379}; empty: one node. */
        public Builder redisUrl(String v) { return set(REDIS_URL, v); }
        public Builder redisPrefix(String v) { return set(REDIS_PREFIX, v); }
        public Builder redisCommandTimeout(Duration v) { return set(REDIS_COMMAND_TIMEOUT, v); }

        /** @throws IllegalArgumentException a value out of range, naming the setting */
        public ChannelBoxConfig build() {
            return new ChannelBoxConfig(values.clone());
        }
    }

    /**
     * One setting: its name (the builder's and getter's), its key for system properties and the
     * environment ({@code outboxMaxMessages}: {@code outbox-max-messages}), its default, the parser of a
     * property's text and the rule its value must follow. Registered in {@link #ALL} as declared.
     */
    private static final class Setting<T> {
        final String name;
        final String key;
        final T defaultValue;
        final Function<String, T> parser;
        final Predicate<T> valid;
        final String rule;
        final int index;

        private Setting(String name, T defaultValue, Function<String, T> parser, Predicate<T> valid, String rule) {
            this.name = name;
            this.key = name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            this.defaultValue = defaultValue;
            this.parser = parser;
            this.valid = valid;
            this.rule = rule;
            this.index = ALL.size();
            ALL.add(this);
        }

        static <T> Setting<T> of(String name, T defaultValue, Function<String, T> parser) {
            return new Setting<>(name, defaultValue, parser, v -> true, "");
        }

        static <T> Setting<T> of(String name, T defaultValue, Function<String, T> parser, Predicate<T> valid, String rule) {
            return new Setting<>(name, defaultValue, parser, valid, rule);
        }

        static <T extends Comparable<T>> Setting<T> positive(String name, T defaultValue) {
            T zero = zeroLike(defaultValue);
            return new Setting<>(name, defaultValue, parserLike(defaultValue), v -> v.compareTo(zero) > 0, "must be positive: ");
        }

        static <T extends Comparable<T>> Setting<T> notNegative(String name, T defaultValue) {
            T zero = zeroLike(defaultValue);
            return new Setting<>(name, defaultValue, parserLike(defaultValue), v -> v.compareTo(zero) >= 0,
                    "must not be negative: ");
        }

        /** The property's or variable's value, or {@code current} when neither is set. */
        @SuppressWarnings("unchecked")
        Object readFromEnvironment(Object current) {
            return Settings.read(key, parser, (T) current);
        }

        void check(Object value) {
            Objects.requireNonNull(value, name);
            @SuppressWarnings("unchecked")
            T v = (T) value;
            if (!valid.test(v)) {
                throw new IllegalArgumentException(name + " " + rule + value);
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> T zeroLike(T example) {
            return (T) (example instanceof Integer ? (Object) 0 : example instanceof Long ? (Object) 0L : Duration.ZERO);
        }

        @SuppressWarnings("unchecked")
        private static <T> Function<String, T> parserLike(T example) {
            return (Function<String, T>) (example instanceof Integer ? (Function<String, Object>) Integer::parseInt
                    : example instanceof Long ? (Function<String, Object>) Long::parseLong
                    : (Function<String, Object>) Settings::duration);
        }
    }
}

package dev.channelbox;

import dev.channelbox.internal.Settings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Limits and timings, with defaults that suit a chat server. Immutable.
 *
 * <p>Most settings can also be set per route on {@link WebSocketRoute}.
 *
 * <p>Three ways to set them, weakest first:
 * <ol>
 *   <li>the defaults below;</li>
 *   <li>system properties or environment variables, read by {@link #fromEnvironment()}: the property
 *       {@code channelbox.history-max-messages} or the variable {@code CHANNELBOX_HISTORY_MAX_MESSAGES},
 *       and so on for each setting (durations in ISO-8601 such as {@code PT10S} or in milliseconds,
 *       sizes in bytes);</li>
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
 *   <tr><td>{@code jsonMaxDepth}, {@code jsonMaxNumberLength}</td><td>64, 100 characters</td><td>inbound JSON
 *       nested deeper or with a longer number is invalid (the invalid-JSON answer), before any parsing</td></tr>
 * </table>
 */
public final class ChannelBoxConfig {

    private final int outboxMaxMessages;
    private final long outboxMaxBytes;
    private final OverflowPolicy overflowPolicy;
    private final Duration sendTimeout;
    private final int historyMaxMessages;
    private final long historyMaxBytes;
    private final Duration historyMaxAge;
    private final int historyMaxGroups;
    private final long historyMaxTotalBytes;
    private final int maxMessageSize;
    private final Duration expirySweepInterval;
    private final int handlerThreads;
    private final double handlerThreadShare;
    private final int handlerQueueMessages;
    private final long handlerQueueBytes;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Duration idleTimeout;
    private final Duration shutdownGrace;
    private final List<String> allowedOrigins;
    private final int maxConnectionsPerAddress;
    private final double rateLimit;
    private final int rateBurst;
    private final RateLimitAction rateLimitAction;
    private final int maxGroupMembers;
    private final int jsonMaxDepth;
    private final int jsonMaxNumberLength;

    private ChannelBoxConfig(Builder b) {
        this.outboxMaxMessages = positive("outboxMaxMessages", b.outboxMaxMessages);
        this.outboxMaxBytes = positive("outboxMaxBytes", b.outboxMaxBytes);
        this.overflowPolicy = Objects.requireNonNull(b.overflowPolicy, "overflowPolicy");
        this.sendTimeout = positive("sendTimeout", b.sendTimeout);
        this.historyMaxMessages = notNegative("historyMaxMessages", b.historyMaxMessages);
        this.historyMaxBytes = notNegative("historyMaxBytes", b.historyMaxBytes);
        this.historyMaxAge = Objects.requireNonNull(b.historyMaxAge, "historyMaxAge");
        this.historyMaxGroups = notNegative("historyMaxGroups", b.historyMaxGroups);
        this.historyMaxTotalBytes = notNegative("historyMaxTotalBytes", b.historyMaxTotalBytes);
        this.maxMessageSize = positive("maxMessageSize", b.maxMessageSize);
        this.expirySweepInterval = positive("expirySweepInterval", b.expirySweepInterval);
        this.handlerThreads = positive("handlerThreads", b.handlerThreads);
        if (!(b.handlerThreadShare > 0 && b.handlerThreadShare <= 1)) {
            throw new IllegalArgumentException("handlerThreadShare must be > 0 and <= 1: " + b.handlerThreadShare);
        }
        this.handlerThreadShare = b.handlerThreadShare;
        this.handlerQueueMessages = positive("handlerQueueMessages", b.handlerQueueMessages);
        this.handlerQueueBytes = positive("handlerQueueBytes", b.handlerQueueBytes);
        this.heartbeatInterval = notNegative("heartbeatInterval", b.heartbeatInterval);
        this.heartbeatTimeout = positive("heartbeatTimeout", b.heartbeatTimeout);
        this.idleTimeout = notNegative("idleTimeout", b.idleTimeout);
        this.shutdownGrace = notNegative("shutdownGrace", b.shutdownGrace);
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.maxConnectionsPerAddress = notNegative("maxConnectionsPerAddress", b.maxConnectionsPerAddress);
        if (!(b.rateLimit >= 0) || Double.isInfinite(b.rateLimit)) {
            throw new IllegalArgumentException("rateLimit must be a finite number >= 0: " + b.rateLimit);
        }
        this.rateLimit = b.rateLimit;
        this.rateBurst = positive("rateBurst", b.rateBurst);
        this.rateLimitAction = Objects.requireNonNull(b.rateLimitAction, "rateLimitAction");
        this.maxGroupMembers = notNegative("maxGroupMembers", b.maxGroupMembers);
        this.jsonMaxDepth = positive("jsonMaxDepth", b.jsonMaxDepth);
        this.jsonMaxNumberLength = positive("jsonMaxNumberLength", b.jsonMaxNumberLength);
        if (historyMaxAge.isNegative()) {
            throw new IllegalArgumentException("historyMaxAge must not be negative: " + historyMaxAge);
        }
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
        b.outboxMaxMessages = Settings.read("outbox-max-messages", Integer::parseInt, b.outboxMaxMessages);
        b.outboxMaxBytes = Settings.read("outbox-max-bytes", Long::parseLong, b.outboxMaxBytes);
        b.overflowPolicy = Settings.read("overflow-policy", v -> OverflowPolicy.valueOf(v.toUpperCase(Locale.ROOT)), b.overflowPolicy);
        b.sendTimeout = Settings.read("send-timeout", Settings::duration, b.sendTimeout);
        b.historyMaxMessages = Settings.read("history-max-messages", Integer::parseInt, b.historyMaxMessages);
        b.historyMaxBytes = Settings.read("history-max-bytes", Long::parseLong, b.historyMaxBytes);
        b.historyMaxAge = Settings.read("history-max-age", Settings::duration, b.historyMaxAge);
        b.historyMaxGroups = Settings.read("history-max-groups", Integer::parseInt, b.historyMaxGroups);
        b.historyMaxTotalBytes = Settings.read("history-max-total-bytes", Long::parseLong, b.historyMaxTotalBytes);
        b.maxMessageSize = Settings.read("max-message-size", Integer::parseInt, b.maxMessageSize);
        b.expirySweepInterval = Settings.read("expiry-sweep-interval", Settings::duration, b.expirySweepInterval);
        b.handlerThreads = Settings.read("handler-threads", Integer::parseInt, b.handlerThreads);
        b.handlerThreadShare = Settings.read("handler-thread-share", Double::parseDouble, b.handlerThreadShare);
        b.handlerQueueMessages = Settings.read("handler-queue-messages", Integer::parseInt, b.handlerQueueMessages);
        b.handlerQueueBytes = Settings.read("handler-queue-bytes", Long::parseLong, b.handlerQueueBytes);
        b.heartbeatInterval = Settings.read("heartbeat-interval", Settings::duration, b.heartbeatInterval);
        b.heartbeatTimeout = Settings.read("heartbeat-timeout", Settings::duration, b.heartbeatTimeout);
        b.idleTimeout = Settings.read("idle-timeout", Settings::duration, b.idleTimeout);
        b.shutdownGrace = Settings.read("shutdown-grace", Settings::duration, b.shutdownGrace);
        b.allowedOrigins = Settings.read("allowed-origins", v -> List.of(v.split("\\s*,\\s*")), b.allowedOrigins);
        b.maxConnectionsPerAddress = Settings.read("max-connections-per-address", Integer::parseInt, b.maxConnectionsPerAddress);
        b.rateLimit = Settings.read("rate-limit", Double::parseDouble, b.rateLimit);
        b.rateBurst = Settings.read("rate-burst", Integer::parseInt, b.rateBurst);
        b.rateLimitAction = Settings.read("rate-limit-action", v -> RateLimitAction.valueOf(v.toUpperCase(Locale.ROOT)), b.rateLimitAction);
        b.maxGroupMembers = Settings.read("max-group-members", Integer::parseInt, b.maxGroupMembers);
        b.jsonMaxDepth = Settings.read("json-max-depth", Integer::parseInt, b.jsonMaxDepth);
        b.jsonMaxNumberLength = Settings.read("json-max-number-length", Integer::parseInt, b.jsonMaxNumberLength);
        return b.build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.outboxMaxMessages = outboxMaxMessages;
        b.outboxMaxBytes = outboxMaxBytes;
        b.overflowPolicy = overflowPolicy;
        b.sendTimeout = sendTimeout;
        b.historyMaxMessages = historyMaxMessages;
        b.historyMaxBytes = historyMaxBytes;
        b.historyMaxAge = historyMaxAge;
        b.historyMaxGroups = historyMaxGroups;
        b.historyMaxTotalBytes = historyMaxTotalBytes;
        b.maxMessageSize = maxMessageSize;
        b.expirySweepInterval = expirySweepInterval;
        b.handlerThreads = handlerThreads;
        b.handlerThreadShare = handlerThreadShare;
        b.handlerQueueMessages = handlerQueueMessages;
        b.handlerQueueBytes = handlerQueueBytes;
        b.heartbeatInterval = heartbeatInterval;
        b.heartbeatTimeout = heartbeatTimeout;
        b.idleTimeout = idleTimeout;
        b.shutdownGrace = shutdownGrace;
        b.allowedOrigins = allowedOrigins;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.rateLimit = rateLimit;
        b.rateBurst = rateBurst;
        b.rateLimitAction = rateLimitAction;
        b.maxGroupMembers = maxGroupMembers;
        b.jsonMaxDepth = jsonMaxDepth;
        b.jsonMaxNumberLength = jsonMaxNumberLength;
        return b;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    public int outboxMaxMessages() { return outboxMaxMessages; }
    public long outboxMaxBytes() { return outboxMaxBytes; }
    public OverflowPolicy overflowPolicy() { return overflowPolicy; }
    public Duration sendTimeout() { return sendTimeout; }
    public int historyMaxMessages() { return historyMaxMessages; }
    public long historyMaxBytes() { return historyMaxBytes; }
    /** {@code Duration.ZERO}: entries do not age out. */
    public Duration historyMaxAge() { return historyMaxAge; }
    public int historyMaxGroups() { return historyMaxGroups; }
    /** All groups' histories together, in bytes; 0: no history. */
    public long historyMaxTotalBytes() { return historyMaxTotalBytes; }
    public int maxMessageSize() { return maxMessageSize; }
    public Duration expirySweepInterval() { return expirySweepInterval; }
    public int handlerThreads() { return handlerThreads; }
    /** Java 17-20: the share of {@link #handlerThreads()} one client address may hold; 1.0: no share. */
    public double handlerThreadShare() { return handlerThreadShare; }
    public int handlerQueueMessages() { return handlerQueueMessages; }
    public long handlerQueueBytes() { return handlerQueueBytes; }
    /** {@code Duration.ZERO}: no heartbeat. */
    public Duration heartbeatInterval() { return heartbeatInterval; }
    public Duration heartbeatTimeout() { return heartbeatTimeout; }
    /** {@code Duration.ZERO}: none. */
    public Duration idleTimeout() { return idleTimeout; }
    public Duration shutdownGrace() { return shutdownGrace; }
    /** Empty: same origin only (and clients that send no Origin, i.e. not browsers). */
    public List<String> allowedOrigins() { return allowedOrigins; }
    /** 0: unlimited. */
    public int maxConnectionsPerAddress() { return maxConnectionsPerAddress; }
    /** Messages per second per connection; 0: unlimited. */
    public double rateLimit() { return rateLimit; }
    public int rateBurst() { return rateBurst; }
    public RateLimitAction rateLimitAction() { return rateLimitAction; }
    /** 0: unlimited. */
    public int maxGroupMembers() { return maxGroupMembers; }
    public int jsonMaxDepth() { return jsonMaxDepth; }
    public int jsonMaxNumberLength() { return jsonMaxNumberLength; }

    @Override
    public String toString() {
        return "ChannelBoxConfig[outbox=" + outboxMaxMessages + " msgs/" + outboxMaxBytes + " B, overflow="
                + overflowPolicy + ", sendTimeout=" + sendTimeout + ", history=" + historyMaxMessages + " msgs/"
                + historyMaxBytes + " B/" + historyMaxAge + " x" + historyMaxGroups + " groups/" + historyMaxTotalBytes
                + " B total, maxMessageSize="
                + maxMessageSize + ", expirySweep=" + expirySweepInterval + ", handlerThreads=" + handlerThreads
                + " (share " + handlerThreadShare + "/address), handlerQueue=" + handlerQueueMessages + " msgs/"
                + handlerQueueBytes + " B, heartbeat=" + heartbeatInterval + "/" + heartbeatTimeout
                + ", idleTimeout=" + idleTimeout + ", shutdownGrace=" + shutdownGrace + ", origins=" + allowedOrigins
                + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress + ", rate=" + rateLimit + "/s burst " + rateBurst
                + " " + rateLimitAction + ", maxGroupMembers=" + maxGroupMembers + ", json=depth " + jsonMaxDepth
                + "/number " + jsonMaxNumberLength + "]";
    }

    /** Builds a {@link ChannelBoxConfig}; each setter validates on {@link #build()}. */
    public static final class Builder {
        private int outboxMaxMessages = 1_000;
        private long outboxMaxBytes = 1L << 20;
        private OverflowPolicy overflowPolicy = OverflowPolicy.CLOSE;
        private Duration sendTimeout = Duration.ofSeconds(10);
        private int historyMaxMessages = 100;
        private long historyMaxBytes = 1L << 20;
        private Duration historyMaxAge = Duration.ZERO;
        private int historyMaxGroups = 10_000;
        // 64 full 1 MiB histories, or 6,400 rooms of 100 1-KiB messages: a small slice of any heap a
        // chat server runs with, where the per-group and group-count bounds alone allowed 10 GB
        private long historyMaxTotalBytes = 64L << 20;
        private int maxMessageSize = 64 * 1024;
        private Duration expirySweepInterval = Duration.ofSeconds(1);
        private int handlerThreads = 256;
        // a quarter: one client, or even three together, leave handlers for everyone else; an attack
        // from many addresses is for maxConnectionsPerAddress and the network's own defences
        private double handlerThreadShare = 0.25;
        private int handlerQueueMessages = 1_000;
        // like the outbox: 1,000 messages of up to 64 KiB each would otherwise be 64 MiB per connection
        private long handlerQueueBytes = 1L << 20;
        private Duration heartbeatInterval = Duration.ofSeconds(25);
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private List<String> allowedOrigins = List.of();
        private int maxConnectionsPerAddress = 0;
        private double rateLimit = 0;
        private int rateBurst = 1;
        private RateLimitAction rateLimitAction = RateLimitAction.REPLY_ERROR;
        private int maxGroupMembers = 0;
        private int jsonMaxDepth = 64;
        private int jsonMaxNumberLength = 100;

        private Builder() {
        }

        public Builder outboxMaxMessages(int v) { outboxMaxMessages = v; return this; }
        public Builder outboxMaxBytes(long v) { outboxMaxBytes = v; return this; }
        public Builder overflowPolicy(OverflowPolicy v) { overflowPolicy = v; return this; }
        public Builder sendTimeout(Duration v) { sendTimeout = v; return this; }
        public Builder historyMaxMessages(int v) { historyMaxMessages = v; return this; }
        public Builder historyMaxBytes(long v) { historyMaxBytes = v; return this; }
        public Builder historyMaxAge(Duration v) { historyMaxAge = v; return this; }
        public Builder historyMaxGroups(int v) { historyMaxGroups = v; return this; }
        public Builder historyMaxTotalBytes(long v) { historyMaxTotalBytes = v; return this; }
        public Builder maxMessageSize(int v) { maxMessageSize = v; return this; }
        public Builder expirySweepInterval(Duration v) { expirySweepInterval = v; return this; }
        public Builder handlerThreads(int v) { handlerThreads = v; return this; }
        /** Java 17-20: the share (0 < share <= 1) of {@code handlerThreads} one client address may hold. */
        public Builder handlerThreadShare(double v) { handlerThreadShare = v; return this; }
        public Builder handlerQueueMessages(int v) { handlerQueueMessages = v; return this; }
        public Builder handlerQueueBytes(long v) { handlerQueueBytes = v; return this; }
        public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
        public Builder heartbeatTimeout(Duration v) { heartbeatTimeout = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder shutdownGrace(Duration v) { shutdownGrace = v; return this; }
        /** Origin patterns such as {@code https://chat.example.com} or {@code http://localhost:*}; {@code "*"} allows any. */
        public Builder allowedOrigins(String... v) { allowedOrigins = List.of(v); return this; }
        public Builder maxConnectionsPerAddress(int v) { maxConnectionsPerAddress = v; return this; }
        /** Sustained messages per second and the burst above it (token bucket); rate 0: unlimited. */
        public Builder rateLimit(double perSecond, int burst) { rateLimit = perSecond; rateBurst = burst; return this; }
        public Builder rateLimitAction(RateLimitAction v) { rateLimitAction = v; return this; }
        public Builder maxGroupMembers(int v) { maxGroupMembers = v; return this; }
        public Builder jsonMaxDepth(int v) { jsonMaxDepth = v; return this; }
        public Builder jsonMaxNumberLength(int v) { jsonMaxNumberLength = v; return this; }

        /** @throws IllegalArgumentException a value out of range, naming the setting */
        public ChannelBoxConfig build() {
            return new ChannelBoxConfig(this);
        }
    }

    private static int positive(String name, int v) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be positive: " + v);
        return v;
    }

    private static long positive(String name, long v) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be positive: " + v);
        return v;
    }

    private static int notNegative(String name, int v) {
        if (v < 0) throw new IllegalArgumentException(name + " must not be negative: " + v);
        return v;
    }

    private static long notNegative(String name, long v) {
        if (v < 0) throw new IllegalArgumentException(name + " must not be negative: " + v);
        return v;
    }

    private static Duration notNegative(String name, Duration v) {
        Objects.requireNonNull(v, name);
        if (v.isNegative()) throw new IllegalArgumentException(name + " must not be negative: " + v);
        return v;
    }

    private static Duration positive(String name, Duration v) {
        Objects.requireNonNull(v, name);
        if (v.isZero() || v.isNegative()) throw new IllegalArgumentException(name + " must be positive: " + v);
        return v;
    }
}

package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.PayloadType;
import dev.channelbox.SendStatus;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A connection's membership handle. Identity equality (the default), as promised by {@link Channel}. */
final class ChannelImpl implements Channel {

    private final Connection connection;
    private final PayloadType payloadType;
    private final Duration expires;
    // the groups this channel is in; changed only inside GroupRegistry's per-group atomic steps
    private final Set<String> memberOf = ConcurrentHashMap.newKeySet();

    ChannelImpl(Connection connection, PayloadType payloadType, Duration expires) {
        this.connection = connection;
        this.payloadType = payloadType;
        this.expires = expires == null || expires.isZero() || expires.isNegative() ? null : expires;
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public PayloadType payloadType() {
        return payloadType;
    }

    @Override
    public Optional<Duration> expires() {
        return Optional.ofNullable(expires);
    }

    @Override
    public Set<String> groups() {
        return Set.copyOf(memberOf);
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public SendStatus send(Object payload) {
        return offer(connection.runtime().encode(payload));
    }

    @Override
    public void close(int code, String reason) {
        connection.close(code, reason);
    }

    @Override
    public int queuedMessages() {
        return connection.outbox().queuedMessages();
    }

    @Override
    public long queuedBytes() {
        return connection.outbox().queuedBytes();
    }

    @Override
    public long droppedMessages() {
        return connection.outbox().dropped();
    }

    /** Queues an already encoded message, in this channel's payload type. */
    SendStatus offer(OutboundMessage message) {
        return connection.offer(message.frameFor(payloadType));
    }

    Connection connection() {
        return connection;
    }

    Set<String> memberOf() {
        return memberOf;
    }

    /** Whether the channel has been idle longer than its expiry. */
    boolean isExpired(long nowNanos) {
        return expires != null && nowNanos - connection.lastActivity() > expires.toNanos();
    }

    @Override
    public String toString() {
        return "Channel[" + id() + ", " + payloadType + ", " + connection.route().path() + "]";
    }
}

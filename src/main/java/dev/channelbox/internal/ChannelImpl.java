package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.DeliveryProblem;
import dev.channelbox.HistoryEntry;
import dev.channelbox.PayloadType;
import dev.channelbox.Recovery;
import dev.channelbox.SendStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A connection's membership handle. Identity equality (the default), as promised by {@link Channel}. */
final class ChannelImpl implements Channel {

    private final Connection connection;
    private final PayloadType payloadType;
    private final Duration expires;
    // the groups this channel is in; changed only inside GroupRegistry's per-group atomic steps
    private final Set<String> memberOf = ConcurrentHashMap.newKeySet();
    /** Its route's clients get group messages in envelopes ({@link Envelopes}). */
    private final boolean positioned;
    /** Its route's clients get the members of its groups, and their joins and leaves. */
    private final boolean presence;
    private volatile Map<String, String> attributes = Map.of();
    /**
     * The groups this channel is recovering, each with the live messages that wait (in order) until
     * the missed ones are queued; null when none, as nearly always. Written under {@link #holdLock};
     * read first without it (a group send that sees null finds no hold it has to respect: a hold is
     * set before the join that makes this channel a member of its group).
     */
    private volatile Map<String, List<GroupMessage>> held;
    private final Object holdLock = new Object();

    ChannelImpl(Connection connection, PayloadType payloadType, Duration expires) {
        this.connection = connection;
        this.payloadType = payloadType;
        this.expires = expires == null || expires.isZero() || expires.isNegative() ? null : expires;
        this.positioned = connection.route().settings().positioned();
        this.presence = connection.route().settings().presence();
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

    /** Queues an already encoded message, in this channel's payload type (not a group's: see {@link #deliver}). */
    SendStatus offer(OutboundMessage message) {
        return connection.offer(message.frameFor(payloadType));
    }

    /**
     * Queues a group's message (any thread that delivers to a group: a sender's, the Redis delivery
     * thread), or keeps it back while the channel recovers that group.
     */
    SendStatus deliver(GroupMessage m) {
        if (held != null) {
            synchronized (holdLock) {
                List<GroupMessage> waiting = held == null ? null : held.get(m.group);
                if (waiting != null) {
                    int limit = connection.runtime().configFor(connection.route()).outboxMaxMessages();
                    if (waiting.size() >= limit) {
                        connection.abort(Outbox.OVERFLOW_CODE, Outbox.OVERFLOW_REASON, DeliveryProblem.Kind.OUTBOX_OVERFLOW,
                                "more than " + limit + " messages of group " + m.group + " arrived while it was recovered");
                        return SendStatus.OVERFLOW;
                    }
                    waiting.add(m);
                    return SendStatus.QUEUED;
                }
            }
        }
        Frame frame = frameOf(m);
        return frame == null ? SendStatus.QUEUED : connection.offer(frame);
    }

    /** What this channel's client gets of a group's message: null for nothing (presence elsewhere, or its own). */
    private Frame frameOf(GroupMessage m) {
        if (m.presence != null && (!presence || m.presence.id().equals(id()))) {
            return null;
        }
        return m.frameFor(payloadType, positioned);
    }

    /** From now until {@link #release}, the group's messages wait (before the join that recovers it). */
    void hold(String group) {
        synchronized (holdLock) {
            Map<String, List<GroupMessage>> h = held == null ? new HashMap<>() : new HashMap<>(held);
            h.put(group, new ArrayList<>());
            held = h;
        }
    }

    /**
     * Ends a hold: {@code missed} is given what waited (oldest first) and queues what the channel
     * missed; then what waited is queued, and later messages go straight to the outbox. Nothing can be
     * delivered to the group in between.
     */
    void release(String group, Consumer<List<GroupMessage>> missed) {
        synchronized (holdLock) {
            Map<String, List<GroupMessage>> h = held;
            List<GroupMessage> waiting = h == null ? null : h.get(group);
            if (waiting == null) {
                return;
            }
            try {
                missed.accept(waiting);
            } finally {
                for (GroupMessage m : waiting) {
                    Frame frame = frameOf(m);
                    if (frame != null) {
                        connection.offer(frame);
                    }
                }
                if (h.size() == 1) {
                    held = null;
                } else {
                    Map<String, List<GroupMessage>> rest = new HashMap<>(h);
                    rest.remove(group);
                    held = rest;
                }
            }
        }
    }

    /** Queues a message of the group's history (a missed one), positioned if this channel's route is. */
    void deliverMissed(String group, HistoryEntry entry) {
        HistoryRecord r = (HistoryRecord) entry;
        connection.offer(new GroupMessage(group, r.message(), r.position(), -1).frameFor(payloadType, positioned));
    }

    /** Queues the outcome of a recovery for a positioned route's client (nothing for the others). */
    void recovered(String group, Recovery recovery) {
        if (positioned) {
            connection.offer(Envelopes.recovery(group, recovery));
        }
    }

    /** Queues the group's members for a presence route's client (nothing for the others), on joining. */
    void members(String group, java.util.Collection<? extends Channel> members) {
        if (presence) {
            connection.offer(Envelopes.members(group, members));
        }
    }

    boolean positioned() {
        return positioned;
    }

    boolean presence() {
        return presence;
    }

    @Override
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public void setAttributes(Map<String, String> attributes) {
        this.attributes = Attributes.checked(attributes);
        connection.runtime().attributesChanged(this);
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

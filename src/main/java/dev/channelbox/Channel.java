package dev.channelbox;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A connection as a member of groups (Nexios's {@code Channel}). Consumers get one automatically
 * when they accept; handlers create one with {@link ChannelBox#createChannel}. There is at most one
 * channel per connection and they share the {@link #id()}.
 *
 * <p>A channel lives as long as its connection. When the connection closes the channel leaves every
 * group by itself (for a consumer, right after {@code onDisconnect} returned) and {@link ChannelBox}
 * forgets it. With {@link #expires()} set, a channel that has neither received nor sent anything for
 * that long is closed with 1001 {@code "channel expired"} by a background sweep.
 *
 * <p>Equality is identity. All methods are thread-safe.
 */
public interface Channel {

    /** A random UUID, unguessable; usable with {@link ChannelBox#sendTo}. */
    String id();

    /** How payloads are encoded for this channel. */
    PayloadType payloadType();

    /** The inactivity timeout, if any. */
    Optional<Duration> expires();

    /** The groups this channel is in now (a snapshot). */
    Set<String> groups();

    /** Whether the connection is open. */
    boolean isOpen();

    /**
     * Queues {@code payload}, encoded for {@link #payloadType()} (see {@link PayloadType}). A
     * {@link HistoryEntry} is sent exactly as it was first broadcast.
     */
    SendStatus send(Object payload);

    /** Closes the connection after the messages already queued; see {@link WebSocket#close(int, String)}. */
    void close(int code, String reason);

    /** Messages waiting in this connection's outbox now (not counting the one being written). */
    int queuedMessages();

    /** Bytes waiting in this connection's outbox now. */
    long queuedBytes();

    /** Messages this connection's outbox dropped under {@link OverflowPolicy#DROP_OLDEST}. */
    long droppedMessages();

    /**
     * Small facts about the connection that the application set ({@link #setAttributes}), such as the
     * user's name: readable from every node, for the channels {@link ChannelBox#group} and
     * {@link ChannelBox#showGroups} list and in {@link PresenceEvent}s. Empty until set.
     */
    Map<String, String> attributes();

    /**
     * Replaces the channel's attributes. Set them before joining groups: join events carry the
     * attributes of the moment, and groups joined before see the new ones from the next
     * {@code group()} on. At most {@value #MAX_ATTRIBUTES} names of 1 to 64 characters, values of at
     * most 256 characters.
     *
     * @throws IllegalArgumentException too many, too long, or a {@code null} name or value
     * @throws UnsupportedOperationException a channel of another node
     */
    void setAttributes(Map<String, String> attributes);

    /** The most attributes a channel can have. */
    int MAX_ATTRIBUTES = 16;
}

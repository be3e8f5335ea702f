package dev.channelbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Groups (rooms) of channels: Nexios's {@code ChannelBox}. An {@code @ApplicationScoped} bean:
 * inject it anywhere ({@code @Inject ChannelBox box}), for example in a REST resource that
 * broadcasts into a room.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every method is thread-safe and none blocks on the network. Joins, leaves and sends may run
 *       concurrently; a channel that joins or leaves during a group send gets the message or not, and
 *       nothing else changes.</li>
 *   <li>A group send encodes the payload once per {@link PayloadType} and queues the same frame in
 *       every member's outbox. Messages one thread sends to a group arrive at each member in the
 *       order sent.</li>
 *   <li>A group exists while it has members: an empty group disappears. A closed channel leaves its
 *       groups by itself.</li>
 *   <li>History is kept per group, bounded by message count, bytes and optionally age
 *       ({@link ChannelBoxConfig}); the oldest entries fall off one at a time. History outlives an
 *       empty group (a room keeps its recent messages between visitors), up to a bounded number of
 *       groups with history.</li>
 *   <li>Results are statuses or snapshots: never {@code null}, never a live internal collection.</li>
 * </ul>
 */
public interface ChannelBox {

    /** The longest accepted group name, in characters. */
    int MAX_GROUP_NAME_LENGTH = 256;

    /**
     * Creates the channel of a connection (Nexios's {@code Channel(websocket, payload_type, expires)}),
     * for route handlers; consumers get theirs automatically.
     *
     * @param expires inactivity timeout, or {@code null} for none
     * @throws IllegalStateException the connection is not accepted yet or already has a channel
     */
    Channel createChannel(WebSocket ws, PayloadType payloadType, Duration expires);

    /** Adds a channel to a group, creating the group if needed. */
    JoinStatus addChannelToGroup(Channel channel, String group);

    /**
     * Adds a channel to a group and queues for it, before any live message of the group, the messages
     * the group saved to history after {@code since}: none twice, none lost in between (on every node,
     * with Redis). The client can then go on from the last position it gets. A channel already in
     * the group is given nothing ({@link JoinStatus#ALREADY_MEMBER}).
     *
     * <p>On a {@link WebSocketRoute#positioned() positioned} route the missed messages go out in
     * envelopes, followed by a {@code recovery} frame; elsewhere as sent, and the application tells
     * the client what {@link RecoveringJoin#recovery()} says.
     *
     * @param since where the client was; {@link Position#START} for the whole history kept
     */
    RecoveringJoin addChannelToGroup(Channel channel, String group, Position since);

    /** Removes a channel from a group; a group left empty disappears. */
    LeaveStatus removeChannelFromGroup(Channel channel, String group);

    /** {@link #groupSend(String, Object, boolean)} without saving history. */
    GroupSendResult groupSend(String group, Object payload);

    /**
     * Sends {@code payload} to every member of {@code group}, encoded for each member's payload type.
     * A name no group can have (see {@link JoinStatus#INVALID_GROUP_NAME}) gives {@code (0, 0)} and
     * saves nothing.
     *
     * @param saveHistory also append it to the group's history (even if the group has no members)
     * @throws jakarta.json.bind.JsonbException the payload cannot be serialised (nothing is sent)
     * @throws NullPointerException the payload is {@code null}
     */
    GroupSendResult groupSend(String group, Object payload, boolean saveHistory);

    /** Every group with its members: an immutable snapshot. */
    Map<String, Set<Channel>> showGroups();

    /** The members of one group (empty if there is no such group): an immutable snapshot. */
    Set<Channel> group(String group);

    /** A group's saved messages, oldest first: an immutable snapshot. */
    List<HistoryEntry> showHistory(String group);

    /**
     * What a client at {@code since} missed in the group: the saved messages after it, oldest first,
     * and whether they are exactly what it missed ({@link Recovery#recovered()}).
     */
    Recovery historySince(String group, Position since);

    /** Forgets the history of every group. */
    void flushHistory();

    /** Forgets the history of one group. */
    void flushHistory(String group);

    /** Sends to one channel, wherever it is (in groups or not); {@link SendStatus#NO_SUCH_CHANNEL} if none has that id. */
    SendStatus sendTo(String channelId, Object payload);

    /** The live channel with that id. */
    Optional<Channel> channel(String channelId);

    /**
     * Closes every connection with 1001 {@code "server closing"} after its queued messages.
     *
     * @return how many connections this call started closing (those already closing are not counted)
     */
    int closeAllConnections();

    /** Delivery counters: queued, dropped, closes for overflow, send timeouts, dead peers. */
    DeliveryStats deliveryStats();

    /**
     * Runs the expiry sweep now (it also runs in the background): closes every channel idle longer
     * than its {@link Channel#expires()} with 1001 {@code "channel expired"}.
     *
     * @return how many channels this call started closing
     */
    int cleanExpired();
}

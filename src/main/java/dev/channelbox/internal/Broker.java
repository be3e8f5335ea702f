package dev.channelbox.internal;

import dev.channelbox.Position;
import dev.channelbox.RecoveringJoin;
import dev.channelbox.Recovery;
import dev.channelbox.Channel;
import dev.channelbox.GroupSendResult;
import dev.channelbox.HistoryEntry;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.SendStatus;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's broker SPI: what one application's groups share across the nodes that run it.
 * {@link ChannelBoxRuntime} keeps what belongs to one node (connections, outboxes, expiry) and asks
 * its broker for everything a group means: membership, group sends, history, and sends to channels
 * of other nodes. Two implementations: {@link LocalBroker} (one node, in memory: the default) and
 * {@link RedisBroker} (every node of the application on one Redis).
 *
 * <p>Every method is thread-safe. Channels passed in are this node's, open or closing.
 */
interface Broker extends AutoCloseable {

    /** A new connection's id: unique across the nodes, unguessable. */
    String newChannelId();

    /** A channel was created (its connection accepted): from now on {@link #sendTo} may name it. */
    void channelCreated(ChannelImpl channel);

    /** The channel's connection closed: it leaves every group and can no longer be named. */
    void channelClosed(ChannelImpl channel);

    /** @param maxMembers the most members the group may have after this join; 0: unlimited */
    JoinStatus join(ChannelImpl channel, String group, int maxMembers);

    LeaveStatus leave(ChannelImpl channel, String group);

    /** Sends to every member of the group, on every node (the name is valid). */
    GroupSendResult publish(String group, OutboundMessage message, boolean saveHistory);

    /** A channel of this node has new attributes: other nodes see them from now on. */
    default void attributesChanged(ChannelImpl channel) {
    }

    /** What a client at {@code since} missed in the group (the name is valid). */
    Recovery historySince(String group, Position since);

    /**
     * Joins the channel to the group and queues for it, before any live message of the group, the
     * saved messages after {@code since}: none twice, none lost in between. A channel already a member
     * gets nothing ({@link JoinStatus#ALREADY_MEMBER}). The name is valid, the channel open.
     */
    RecoveringJoin recover(ChannelImpl channel, String group, Position since, int maxMembers);

    /** A channel of another node, by id; {@link SendStatus#NO_SUCH_CHANNEL} when none holds it. */
    SendStatus sendToRemote(String channelId, OutboundMessage message);

    Set<Channel> members(String group);

    Map<String, Set<Channel>> groups();

    List<HistoryEntry> history(String group);

    void flushHistory();

    void flushHistory(String group);

    /** The sweeper's periodic call (history age). */
    void sweep();

    /** Whether the broker is reachable now (in memory: always); any thread. */
    default boolean isReachable() {
        return true;
    }

    /** Stops background work; connections are already closed. */
    @Override
    void close();
}

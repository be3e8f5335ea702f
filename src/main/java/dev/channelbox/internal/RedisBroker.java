package dev.channelbox.internal;

import dev.channelbox.BrokerEvent;
import dev.channelbox.Channel;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.GroupSendResult;
import dev.channelbox.HistoryEntry;
import dev.channelbox.Position;
import dev.channelbox.PresenceEvent;
import dev.channelbox.RecoveringJoin;
import dev.channelbox.Recovery;
import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.PayloadType;
import dev.channelbox.SendStatus;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node of the application on one Redis (README, "Several nodes"; the keys and scripts are in
 * {@link RedisScripts}). What a group means lives in Redis: its members (cluster-wide counts and caps),
 * its history (a stream), its order (an offset Redis assigns to each publication) and its epoch. What
 * a node holds stays in the node: its members' connections, in a {@link GroupRegistry} of its own, fed
 * in offset order by {@link RedisFeeds}; its heartbeat, syncs and reaping are in {@link RedisNode}.
 *
 * <p>A group send is one script (one round trip whatever the room size): it numbers the message,
 * appends it to the group's replay log (and history), and publishes it once to the group's Pub/Sub
 * channel, to which exactly the nodes with members of that group subscribe. Each node queues it in
 * its own members' outboxes. When Redis cannot be reached within the command timeout, the send
 * reaches this node's members and says it was not published.
 *
 * <p>Threads: the operations run on the callers' threads and wait at most the command timeout;
 * Lettuce's I/O threads only hand messages to {@link RedisFeeds}'s delivery thread; {@link RedisNode}
 * has the heartbeat thread.
 */
final class RedisBroker implements Broker, RedisLink.Listener {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class.getName());

    /** Publications kept for nodes that missed them (a Pub/Sub blip): at most this many per group ... */
    static final int REPLAY_LOG_MESSAGES = 10_000;
    /** ... and for this long. */
    static final long REPLAY_LOG_MILLIS = 120_000;
    /** A group's keys (offset, epoch, history) expire this long after its last message or join (s). */
    static final long GROUP_KEY_TTL_SECONDS = 86_400;

    private final ChannelBoxConfig config;
    private final ChannelBoxRuntime runtime;
    private final RedisLink link;
    private final Consumer<Object> events;
    private final String prefix;
    /** This node's id: fresh at every start, so a restarted node never inherits a dead one's state. */
    private final String node = HexFormat.of().formatHex(randomBytes(6));
    private final GroupRegistry local = new GroupRegistry();
    private final java.util.concurrent.atomic.AtomicLong epochs = new java.util.concurrent.atomic.AtomicLong();
    private final RedisFeeds feeds;
    private final RedisNode heartbeat;

    RedisBroker(ChannelBoxConfig config, ChannelBoxRuntime runtime, RedisLink link, Consumer<Object> events) {
        this.config = config;
        this.runtime = runtime;
        this.link = link;
        this.events = events;
        this.prefix = config.redisPrefix();
        this.feeds = new RedisFeeds(this, local, runtime.threads());
        this.heartbeat = new RedisNode(this, runtime.threads());
        link.listen(this);
        link.subscribe(nodeChannel(node));
        heartbeat.start();
    }

    // ---------------------------------------------------------------- Broker

    @Override
    public String newChannelId() {
        return UUID.randomUUID() + "." + node;
    }

    @Override
    public void channelCreated(ChannelImpl channel) {
        link.evalAsync(RedisScripts.SET_ADD, List.of(nodeKey(node, "channels")), args(channel.id()))
                .whenComplete(this::afterAsync);
    }

    /** A command whose reply nobody waits for: a failure means the next sync must repair. */
    private void afterAsync(Object reply, Throwable failure) {
        if (failure == null) {
            reachable();
        } else {
            unreachable(failure instanceof RuntimeException r ? r : new RedisLink.Unavailable(failure.toString(), failure));
        }
    }

    @Override
    public void channelClosed(ChannelImpl channel) {
        for (String group : channel.memberOf()) {
            leave(channel, group);
        }
        link.evalAsync(RedisScripts.SET_REMOVE, List.of(nodeKey(node, "channels")), args(channel.id()))
                .whenComplete(this::afterAsync);
    }

    @Override
    public JoinStatus join(ChannelImpl channel, String group, int maxMembers) {
        if (channel.presence()) {
            return recover(channel, group, null, maxMembers).status(); // its client gets the members first
        }
        JoinStatus status = joinHere(channel, group, maxMembers);
        if (status == JoinStatus.ADDED) {
            fire(new PresenceEvent(PresenceEvent.Kind.JOIN, group, channel));
        }
        return status;
    }

    /**
     * The join in Redis (announced there to the other nodes) and here. This node's other members
     * of the group hear of it from Redis, in the group's order; its observers are told by the caller.
     */
    private JoinStatus joinHere(ChannelImpl channel, String group, int maxMembers) {
        if (local.isMember(channel, group)) {
            return JoinStatus.ALREADY_MEMBER;
        }
        long offset = -1;
        String epoch = null;
        try {
            List<?> r = (List<?>) link.eval(RedisScripts.JOIN,
                    List.of(groupKey(group, "members"), key("groups"), nodeKey(node, "members"), groupKey(group, "meta")),
                    args(channel.id(), memberValue(channel), Integer.toString(maxMembers), group, newEpoch(),
                            Long.toString(GROUP_KEY_TTL_SECONDS), prefix));
            if (((Long) r.get(0)) == 2) {
                return JoinStatus.GROUP_FULL;
            }
            offset = (Long) r.get(1);
            epoch = text(r.get(2));
            reachable();
        } catch (RedisLink.Unavailable e) {
            unreachable(e); // joined here only; the next sync registers it
        }
        JoinStatus status = local.join(channel, group, 0);
        heartbeat.changed();
        if (status == JoinStatus.ADDED) {
            feeds.follow(group, epoch, offset);
        } else if (status == JoinStatus.CHANNEL_CLOSED) {
            leaveInRedis(channel.id(), group);
        }
        return status;
    }

    @Override
    public LeaveStatus leave(ChannelImpl channel, String group) {
        LeaveStatus status = local.leave(channel, group);
        if (status == LeaveStatus.REMOVED) {
            heartbeat.changed();
            feeds.unfollowIfEmpty(group);
            leaveInRedis(channel.id(), group);
            fire(new PresenceEvent(PresenceEvent.Kind.LEAVE, group, channel));
        }
        return status;
    }

    /** What Redis keeps for a member: its payload type's letter, then its attributes as JSON (if any). */
    static String memberValue(Channel channel) {
        Map<String, String> attributes = channel.attributes();
        return type(channel.payloadType()) + (attributes.isEmpty() ? "" : Attributes.json(attributes));
    }

    @Override
    public void attributesChanged(ChannelImpl channel) {
        Set<String> groups = channel.memberOf();
        if (groups.isEmpty()) {
            return;
        }
        List<byte[]> a = new ArrayList<>(groups.size() + 3);
        a.add(bytes(prefix));
        a.add(bytes(channel.id()));
        a.add(bytes(memberValue(channel)));
        groups.forEach(g -> a.add(bytes(g)));
        link.evalAsync(RedisScripts.ATTRIBUTES, List.of(), a).whenComplete(this::afterAsync);
    }

    /**
     * Without waiting: nothing needs its answer, and this node's later commands (a {@code group()},
     * a join) run after it on the same connection, so this node reads its own leave. A connection
     * that closes while Redis hangs does not wait for it. A failure makes the next sync forget it.
     */
    private void leaveInRedis(String id, String group) {
        link.evalAsync(RedisScripts.LEAVE, List.of(groupKey(group, "members"), key("groups"), nodeKey(node, "members")),
                args(id, group, prefix)).whenComplete(this::afterAsync);
    }

    /**
     * Hands the message to Redis without waiting (one script, pipelined behind this node's other
     * commands, so one thread's sends keep their order), and returns. The members here get it when
     * publication comes back from Redis, in the group's order, like the members of every other node. When Redis
     * is known to be unreachable, or refuses the command at once, the message goes to this node's
     * members now and the result says it was not published; a command that fails later (its timeout)
     * is delivered here then, and counted and reported the same way.
     */
    @Override
    public GroupSendResult publish(String group, OutboundMessage message, boolean saveHistory) {
        int here = local.size(group);
        if (heartbeat.commandsDown()) {
            return unpublished(group, message);
        }
        byte[] wire = message.toWire();
        boolean save = saveHistory && config.historyMaxMessages() > 0 && config.historyMaxTotalBytes() > 0;
        java.util.concurrent.CompletableFuture<Object> reply = link.evalAsync(RedisScripts.PUBLISH,
                List.of(groupKey(group, "meta"), groupKey(group, "log"), groupKey(group, "hist"), key("histories"),
                        groupKey(group, "members")),
                List.of(wire, bytes(newEpoch()), bytes(save ? "1" : "0"), bytes(REPLAY_LOG_MESSAGES),
                        bytes(REPLAY_LOG_MILLIS), bytes(config.historyMaxMessages()),
                        bytes(Math.min(config.historyMaxBytes(), config.historyMaxTotalBytes())),
                        bytes(config.historyMaxAge().toMillis()), bytes(keyTtlSeconds()), bytes(groupChannel(group)),
                        bytes(group)));
        if (reply.isCompletedExceptionally()) { // refused at once: disconnected, or the queue is full
            reply.exceptionally(e -> {
                unreachable(e instanceof RuntimeException r ? r : new RedisLink.Unavailable(e.toString(), e));
                return null;
            });
            return unpublished(group, message);
        }
        reply.whenComplete((r, e) -> { // a Lettuce I/O thread: hand over, never deliver here
            if (e == null) {
                reachable(); // the members here get it from Pub/Sub, like every node's
            } else {
                unreachable(e instanceof RuntimeException x ? x : new RedisLink.Unavailable(e.toString(), e));
                runtime.counters().unpublished();
                feeds.execute(() -> local.deliver(GroupMessage.local(group, message)));
            }
        });
        return new GroupSendResult(here, 0, true);
    }

    private GroupSendResult unpublished(String group, OutboundMessage message) {
        runtime.counters().unpublished();
        GroupSendResult here = local.deliver(GroupMessage.local(group, message));
        return new GroupSendResult(here.queued(), here.rejected(), false);
    }

    @Override
    public SendStatus sendToRemote(String channelId, OutboundMessage message) {
        byte[] wire = message.toWire();
        byte[] envelope = new byte[channelId.length() + 2 + wire.length];
        envelope[0] = 'm';
        byte[] id = bytes(channelId);
        System.arraycopy(id, 0, envelope, 1, id.length);
        envelope[id.length + 1] = '\n';
        System.arraycopy(wire, 0, envelope, id.length + 2, wire.length);
        return direct(channelId, envelope);
    }

    /** Asks the node of a remote channel to close it. */
    void closeRemote(String channelId, int code, String reason) {
        if (!CloseCodes.isValidToSend(code)) {
            throw new IllegalArgumentException("close code " + code + " cannot be sent");
        }
        direct(channelId, bytes("c" + channelId + "\n" + code + ":" + Utf8.truncate(reason == null ? "" : reason, 123)));
    }

    private SendStatus direct(String channelId, byte[] envelope) {
        int dot = channelId.lastIndexOf('.');
        String target = dot < 0 ? "" : channelId.substring(dot + 1);
        if (target.isEmpty() || target.equals(node) || !target.matches("[0-9a-f]{12}")) {
            return SendStatus.NO_SUCH_CHANNEL; // not a ChannelBox id, or ours and gone
        }
        try {
            long receivers = number(link.eval(RedisScripts.SEND_TO, List.of(nodeKey(target, "channels")),
                    List.of(bytes(channelId), bytes(nodeChannel(target)), envelope)));
            reachable();
            return receivers > 0 ? SendStatus.QUEUED : SendStatus.NO_SUCH_CHANNEL;
        } catch (RedisLink.Unavailable e) {
            unreachable(e);
            return SendStatus.UNREACHABLE;
        }
    }

    @Override
    public Set<Channel> members(String group) {
        try {
            List<?> r = (List<?>) link.eval(RedisScripts.MEMBERS, List.of(groupKey(group, "members")), List.of());
            reachable();
            return Set.copyOf(channels(group, r));
        } catch (RedisLink.Unavailable e) {
            unreachable(e);
            return local.members(group); // this node's view
        }
    }

    @Override
    public Map<String, Set<Channel>> groups() {
        try {
            List<?> r = (List<?>) link.eval(RedisScripts.GROUPS, List.of(key("groups")), args(prefix));
            reachable();
            Map<String, Set<Channel>> groups = new HashMap<>();
            for (int i = 0; i + 1 < r.size(); i += 2) {
                String group = text(r.get(i));
                groups.put(group, Set.copyOf(channels(group, (List<?>) r.get(i + 1))));
            }
            return Map.copyOf(groups);
        } catch (RedisLink.Unavailable e) {
            unreachable(e);
            return local.snapshot();
        }
    }

    /** The attributes part of a member value (a remote channel's). */
    Map<String, String> attributes(String json) {
        try {
            return Attributes.parse(json, runtime.codec());
        } catch (RuntimeException e) {
            return Map.of(); // not ours: another version's, or edited by hand
        }
    }

    /** Members from {id, value, ...}: this node's as its own channels, the others' as {@link RemoteChannel}s. */
    private List<Channel> channels(String group, List<?> idsAndTypes) {
        List<Channel> channels = new ArrayList<>(idsAndTypes.size() / 2);
        for (int i = 0; i + 1 < idsAndTypes.size(); i += 2) {
            String id = text(idsAndTypes.get(i));
            if (id.endsWith("." + node)) {
                ChannelImpl mine = runtime.localChannel(id);
                if (mine != null) {
                    channels.add(mine);
                }
            } else {
                String value = text(idsAndTypes.get(i + 1));
                channels.add(new RemoteChannel(id, payloadType(value.substring(0, 1)), attributes(value.substring(1)), group, this));
            }
        }
        return channels;
    }

    @Override
    public List<HistoryEntry> history(String group) {
        try {
            return List.copyOf(readHistory(group, Position.START).entries());
        } catch (RedisLink.Unavailable e) {
            return List.of();
        }
    }

    /** A group's history after a sequence number, as Redis has it now. */
    private record Saved(String epoch, long last, List<HistoryEntry> entries, List<Long> offsets) {
    }

    /**
     * The saved messages after {@code since} (all of them for another epoch).
     *
     * @throws RedisLink.Unavailable Redis could not be reached (reported already)
     */
    private Saved readHistory(String group, Position since) {
        List<?> r;
        try {
            r = (List<?>) link.eval(RedisScripts.HISTORY, List.of(groupKey(group, "hist"), groupKey(group, "meta")),
                    args(Integer.toString(config.historyMaxMessages()),
                            Long.toString(Math.min(config.historyMaxBytes(), config.historyMaxTotalBytes())),
                            Long.toString(config.historyMaxAge().toMillis()), Long.toString(since.offset()), since.epoch()));
            reachable();
        } catch (RedisLink.Unavailable e) {
            unreachable(e);
            throw e;
        }
        String epoch = text(r.get(0));
        List<HistoryEntry> entries = new ArrayList<>((r.size() - 2) / 4);
        List<Long> offsets = new ArrayList<>((r.size() - 2) / 4);
        for (int i = 2; i + 3 < r.size(); i += 4) {
            String id = text(r.get(i));
            byte[] wire = (byte[]) r.get(i + 3);
            entries.add(new HistoryRecord(epoch, (Long) r.get(i + 1),
                    Instant.ofEpochMilli(Long.parseLong(id.substring(0, id.indexOf('-')))),
                    OutboundMessage.fromWire(wire, 0), wire.length - 1));
            offsets.add((Long) r.get(i + 2));
        }
        return new Saved(epoch, (Long) r.get(1), List.copyOf(entries), List.copyOf(offsets));
    }

    @Override
    public Recovery historySince(String group, Position since) {
        try {
            Saved saved = readHistory(group, since);
            return recovery(saved, since, saved.entries().size());
        } catch (RedisLink.Unavailable e) {
            return new Recovery(List.of(), false, since);
        }
    }

    /**
     * The recovery the first {@code given} entries of {@code saved} make: recovered when the epoch is
     * the client's and the history holds every saved message after its position.
     */
    private static Recovery recovery(Saved saved, Position since, int given) {
        Position now = new Position(saved.epoch(), saved.last());
        if (saved.epoch().isEmpty()) {
            return new Recovery(List.of(), false, Position.START); // nothing known of the group
        }
        boolean sameEpoch = since.epoch().equals(saved.epoch());
        if (sameEpoch && since.offset() >= saved.last()) {
            return new Recovery(List.of(), since.offset() == saved.last(), now);
        }
        List<HistoryEntry> missed = List.copyOf(saved.entries().subList(0, given));
        boolean complete = sameEpoch && !saved.entries().isEmpty()
                && saved.entries().get(0).sequence() == since.offset() + 1;
        Position position = missed.isEmpty() ? (complete ? since : now) : missed.get(missed.size() - 1).position();
        return new Recovery(missed, complete, position);
    }

    /**
     * A recovering join: the channel's live messages of the group wait while Redis is read, then, with
     * no publication of the group delivered meanwhile (its feed's monitor), the saved messages it
     * missed are queued: those this node delivered before the join, or before the first message that
     * waited; every later one reaches it live, from the feed, in order.
     */
    /**
     * Also a presence route's join ({@code since} null: nothing to recover, the members to give). The
     * members are read while the channel's live messages wait too: a join or leave after the read
     * reaches the client after the list.
     */
    @Override
    public RecoveringJoin recover(ChannelImpl channel, String group, Position since, int maxMembers) {
        Position where = since == null ? Position.START : since;
        if (local.isMember(channel, group)) {
            Recovery none = since == null ? new Recovery(List.of(), false, where) : LocalBroker.nothing(historySince(group, since));
            return new RecoveringJoin(JoinStatus.ALREADY_MEMBER, none);
        }
        channel.hold(group);
        JoinStatus status;
        try {
            status = joinHere(channel, group, maxMembers);
        } catch (RuntimeException e) {
            channel.release(group, waiting -> { });
            throw e;
        }
        if (status != JoinStatus.ADDED) {
            channel.release(group, waiting -> { });
            return new RecoveringJoin(status, new Recovery(List.of(), false, where));
        }
        Saved saved = null;
        Set<Channel> members = null;
        try {
            if (since != null) {
                saved = readHistory(group, since);
            }
            if (channel.presence()) {
                members = members(group);
            }
        } catch (RedisLink.Unavailable e) {
            // recovered = false; the members this node knows of
        }
        Saved read = saved;
        Set<Channel> listed = members != null ? members : local.members(group);
        Recovery[] result = {new Recovery(List.of(), false, where)};
        feeds.whileStill(group, (epoch, last) -> channel.release(group, waiting -> {
            if (read != null && epoch != null && epoch.equals(read.epoch())) {
                long bound = last + 1; // delivered to this node already: the rest comes live
                for (GroupMessage m : waiting) {
                    if (m.offset >= 0) {
                        bound = Math.min(bound, m.offset);
                        break;
                    }
                }
                int given = 0;
                while (given < read.entries().size() && read.offsets().get(given) < bound) {
                    given++;
                }
                result[0] = recovery(read, since, given);
            }
            if (since != null) {
                result[0].missed().forEach(entry -> channel.deliverMissed(group, entry));
                channel.recovered(group, result[0]);
            }
            channel.members(group, listed);
        }));
        fire(new PresenceEvent(PresenceEvent.Kind.JOIN, group, channel));
        return new RecoveringJoin(JoinStatus.ADDED, result[0]);
    }

    @Override
    public void flushHistory() {
        try {
            link.eval(RedisScripts.FLUSH_ALL, List.of(key("histories")), args(prefix));
            reachable();
        } catch (RedisLink.Unavailable e) {
            unreachable(e);
        }
    }

    @Override
    public void flushHistory(String group) {
        try {
            link.eval(RedisScripts.FLUSH_GROUP, List.of(groupKey(group, "hist"), groupKey(group, "meta"), key("histories")),
                    args(group));
            reachable();
        } catch (RedisLink.Unavailable e) {
            unreachable(e);
        }
    }

    @Override
    public void sweep() {
        // history ages out in Redis, on every append and read
    }

    /** Leaves the cluster: this node's memberships are removed at once (not after the reaping delay). */
    @Override
    public void close() {
        heartbeat.close();
        feeds.close();
        try {
            link.eval(RedisScripts.GOODBYE, List.of(key("nodes"), key("groups")), args(prefix, node));
        } catch (RedisLink.Unavailable e) {
            LOG.log(Level.FINE, "ChannelBox: Redis unreachable at shutdown; the other nodes reap this one", e);
        } finally {
            link.close();
        }
    }

    // ---------------------------------------------------------------- RedisLink.Listener (I/O threads)

    @Override
    public void message(String channel, byte[] payload) {
        feeds.received(channel, payload);
    }

    @Override
    public void connected(boolean pubSub) {
        heartbeat.connectionUp(pubSub);
    }

    @Override
    public void disconnected(boolean pubSub) {
        heartbeat.connectionDown(pubSub);
    }

    // ---------------------------------------------------------------- for RedisFeeds and RedisNode

    void reachable() {
        heartbeat.reachable();
    }

    @Override
    public boolean isReachable() {
        return !heartbeat.isDown();
    }

    void unreachable(RuntimeException cause) {
        heartbeat.unreachable(cause);
    }

    /** An event for the application's observers, on the delivery thread after what is queued there. */
    void fire(Object event) {
        feeds.execute(() -> {
            WriteBatch.flushCurrent(); // an observer may take its time
            try {
                events.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ChannelBox: an observer of " + event.getClass().getSimpleName() + " threw", e);
            }
        });
    }

    OutboundMessage encode(Object payload) {
        return runtime.encode(payload);
    }

    ChannelBoxRuntime runtime() {
        return runtime;
    }

    RedisLink link() {
        return link;
    }

    GroupRegistry local() {
        return local;
    }

    RedisFeeds feeds() {
        return feeds;
    }

    String node() {
        return node;
    }

    String prefix() {
        return prefix;
    }

    String key(String name) {
        return prefix + ":" + name;
    }

    String groupKey(String group, String name) {
        return prefix + ":{" + group + "}:" + name;
    }

    String nodeKey(String node, String name) {
        return prefix + ":node:" + node + ":" + name;
    }

    String groupChannel(String group) {
        return prefix + ":g:" + group;
    }

    String nodeChannel(String node) {
        return prefix + ":n:" + node;
    }

    private long keyTtlSeconds() {
        return Math.max(GROUP_KEY_TTL_SECONDS, config.historyMaxAge().toSeconds());
    }

    /**
     * The epoch a group gets if Redis has none for it (sent with every publish and join, used only
     * then): this node's id, which is random per start, and a count, so no two are ever the same.
     * Cheap on purpose: it is made for every group send.
     */
    private String newEpoch() {
        return node + Long.toHexString(epochs.incrementAndGet());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static String type(PayloadType type) {
        return type.name().substring(0, 1).toLowerCase();
    }

    static PayloadType payloadType(String letter) {
        return switch (letter) {
            case "t" -> PayloadType.TEXT;
            case "b" -> PayloadType.BYTES;
            default -> PayloadType.JSON;
        };
    }

    static List<byte[]> args(String... args) {
        List<byte[]> list = new ArrayList<>(args.length);
        for (String a : args) {
            list.add(bytes(a));
        }
        return list;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(long n) {
        return bytes(Long.toString(n));
    }

    /** An integer reply (Lettuce's OBJECT output may wrap a lone one in a list). */
    static long number(Object reply) {
        if (reply instanceof List<?> list && list.size() == 1) {
            return number(list.get(0));
        }
        if (reply instanceof Long n) {
            return n;
        }
        throw new IllegalStateException("expected a number from Redis, got " + reply);
    }

    static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    /** Every channel of this node and its memberships, for a sync: {channels, (id, group, type) triples}. */
    List<byte[]> registration() {
        Set<String> ids = new HashSet<>();
        List<byte[]> triples = new ArrayList<>();
        for (Map.Entry<String, Set<Channel>> g : local.snapshot().entrySet()) {
            for (Channel c : g.getValue()) {
                triples.add(bytes(c.id()));
                triples.add(bytes(g.getKey()));
                triples.add(bytes(memberValue(c)));
            }
        }
        runtime.forEachChannel(c -> ids.add(c.id()));
        List<byte[]> args = new ArrayList<>(ids.size() + triples.size() + 3);
        args.add(bytes(prefix));
        args.add(bytes(node));
        args.add(bytes(ids.size()));
        ids.forEach(id -> args.add(bytes(id)));
        args.addAll(triples);
        return args;
    }
}

package dev.channelbox.internal;

import dev.channelbox.BrokerEvent;
import dev.channelbox.PayloadType;
import dev.channelbox.Position;
import dev.channelbox.PresenceEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What arrives from Redis for this node, delivered in order: for each group with members here (a
 * <em>feed</em>), the publications in offset order, each once; messages for one of this node's
 * channels; the checks that find what a blip made this node miss.
 *
 * <p>Order: a feed remembers the epoch and the last offset its members got. A publication is
 * delivered only if it is the next one; a later one first replays the missing ones from the group's
 * replay log (one script); an earlier one is a duplicate and dropped. A new epoch (Redis lost the
 * group's state) restarts the count and is reported. The sender's own node gets its publications
 * from Pub/Sub like every other node.
 *
 * <p>Threads: Lettuce's I/O threads call {@link #received}, which only queues; one delivery thread
 * parses, replays and queues into the members' outboxes, what arrived together in one
 * {@link WriteBatch}. A feed's state is read and written only under the feed's monitor. The delivery
 * queue is bounded: when it is full a publication is dropped and the next position check replays it
 * from the log.
 */
final class RedisFeeds {

    private static final Logger LOG = Logger.getLogger(RedisFeeds.class.getName());
    private static final int QUEUE = 100_000;
    private static final int BATCH = 256;

    /** A group with members on this node: what they have been given. Guarded by itself. */
    private static final class Feed {
        String epoch; // null: not known yet (joined while Redis was unreachable)
        long last;

        Feed(String epoch, long last) {
            this.epoch = epoch;
            this.last = last;
        }
    }

    private final RedisBroker broker;
    private final GroupRegistry local;
    private final ConcurrentHashMap<String, Feed> feeds = new ConcurrentHashMap<>();
    /** What the delivery thread has to do, in order. */
    private final ArrayBlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(QUEUE);
    private final Thread delivery;
    private volatile boolean running = true;

    RedisFeeds(RedisBroker broker, GroupRegistry local, Threads threads) {
        this.broker = broker;
        this.local = local;
        this.delivery = threads.factory("channelbox-redis-delivery").newThread(this::deliveryLoop);
        delivery.start();
    }

    /**
     * The delivery thread: takes what arrived, up to {@value #BATCH} tasks at a time, and runs them
     * in one {@link WriteBatch}, so a member that gets several of those messages has them written
     * together. What arrives while the batch runs joins it (within the same bound): publications
     * that Redis sent in one go reach the queue a few microseconds apart, and this thread, woken by
     * the first, would otherwise write each alone. A lone message is written as soon as it is
     * delivered: no batch is waited for.
     */
    private void deliveryLoop() {
        List<Runnable> batch = new ArrayList<>(BATCH);
        while (running || !tasks.isEmpty()) {
            try {
                Runnable first = tasks.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                WriteBatch.run(() -> {
                    int done = 0;
                    do {
                        tasks.drainTo(batch, BATCH - done - batch.size());
                        for (Runnable task : batch) {
                            try {
                                task.run();
                            } catch (RuntimeException e) {
                                LOG.log(Level.WARNING, "ChannelBox: a Redis delivery task failed", e);
                            }
                        }
                        done += batch.size();
                        batch.clear();
                    } while (done < BATCH && !tasks.isEmpty());
                });
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    /** The group has a member here now: subscribe (once) from {@code offset} on (-1: unknown). */
    void follow(String group, String epoch, long offset) {
        feeds.computeIfAbsent(group, g -> {
            broker.link().subscribe(broker.groupChannel(g));
            return new Feed(epoch, Math.max(offset, 0));
        });
    }

    /** The group may have no member here any more: unsubscribe if so. */
    void unfollowIfEmpty(String group) {
        feeds.computeIfPresent(group, (g, feed) -> {
            if (local.size(g) > 0) {
                return feed;
            }
            broker.link().unsubscribe(broker.groupChannel(g));
            return null;
        });
    }

    /** From Redis (an I/O thread): queue for the delivery thread. */
    void received(String channel, byte[] payload) {
        execute(() -> dispatch(channel, payload));
    }

    /** Runs {@code task} on the delivery thread, after everything queued before it. Any thread; never blocks. */
    void execute(Runnable task) {
        if (!running || !tasks.offer(task)) {
            LOG.fine("ChannelBox: the Redis delivery queue is full or closed; the next position check replays");
        }
    }

    private void dispatch(String channel, byte[] payload) {
        String groupPrefix = broker.prefix() + ":g:";
        if (channel.startsWith(groupPrefix)) {
            String group = channel.substring(groupPrefix.length());
            int first = indexOf(payload, (byte) ':', 0);
            int second = indexOf(payload, (byte) ':', first + 1);
            int third = indexOf(payload, (byte) ':', second + 1);
            long offset = Long.parseLong(new String(payload, 0, first, StandardCharsets.US_ASCII));
            String epoch = new String(payload, first + 1, second - first - 1, StandardCharsets.US_ASCII);
            long sequence = Long.parseLong(new String(payload, second + 1, third - second - 1, StandardCharsets.US_ASCII));
            publication(group, offset, epoch, sequence, payload, third + 1);
        } else {
            direct(payload);
        }
    }

    /**
     * A publication of {@code group}, its message at {@code from} in {@code wire}, its history sequence
     * (0: not saved) (delivery thread).
     */
    private void publication(String group, long offset, String epoch, long sequence, byte[] wire, int from) {
        Feed feed = feeds.get(group);
        if (feed == null) {
            return; // no member here any more
        }
        synchronized (feed) {
            if (feed.epoch == null) { // joined while Redis was unreachable: start from this one
                feed.epoch = epoch;
                feed.last = offset - 1;
            } else if (!epoch.equals(feed.epoch)) {
                newEpoch(group, feed, epoch);
            }
            if (offset <= feed.last) {
                return; // delivered already
            }
            if (offset > feed.last + 1 && !replay(group, feed, offset - 1)) {
                return; // Redis unreachable: the next position check replays this one too
            }
            feed.last = offset;
            local.deliver(message(group, offset, epoch, sequence, wire, from));
        }
    }

    /** A publication as this node's members get it: a message, or a join or leave ({@code p+}/{@code p-}). */
    private GroupMessage message(String group, long offset, String epoch, long sequence, byte[] wire, int from) {
        if (wire[from] == 'p') {
            return presence(group, offset, wire, from);
        }
        return new GroupMessage(group, OutboundMessage.fromWire(wire, from),
                sequence > 0 ? new Position(epoch, sequence) : null, offset);
    }

    /**
     * {@code p+id\nvalue} or {@code p-id\nvalue}: told to the observers here too, unless the channel
     * is this node's (its join or leave was told where it happened).
     */
    private GroupMessage presence(String group, long offset, byte[] wire, int from) {
        String text = new String(wire, from + 2, wire.length - from - 2, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String id = text.substring(0, nl);
        String value = text.substring(nl + 1);
        PresenceEvent.Kind kind = wire[from + 1] == '+' ? PresenceEvent.Kind.JOIN : PresenceEvent.Kind.LEAVE;
        Map<String, String> attributes = value.isEmpty() ? Map.of() : broker.attributes(value.substring(1));
        if (!id.endsWith("." + broker.node())) {
            PayloadType type = RedisBroker.payloadType(value.isEmpty() ? "j" : value.substring(0, 1));
            broker.fire(new PresenceEvent(kind, group, new RemoteChannel(id, type, attributes, group, broker)));
        }
        return GroupMessage.presence(group, new GroupMessage.Presence(kind, id, attributes), offset);
    }

    /**
     * Runs {@code action} with the feed's epoch and last delivered offset, under the feed's monitor:
     * no publication of the group is delivered meanwhile. Without a feed: {@code (null, -1)}.
     */
    void whileStill(String group, BiConsumer<String, Long> action) {
        Feed feed = feeds.get(group);
        if (feed == null) {
            action.accept(null, -1L);
            return;
        }
        synchronized (feed) {
            action.accept(feed.epoch, feed.last);
        }
    }

    /** Under the feed's monitor. */
    private void newEpoch(String group, Feed feed, String epoch) {
        boolean known = feed.epoch != null;
        feed.epoch = epoch;
        feed.last = 0;
        if (known) {
            LOG.warning(() -> "ChannelBox: the state of group " + group + " in Redis was lost (new epoch); its offsets start again");
            broker.fire(new BrokerEvent(BrokerEvent.Kind.EPOCH_CHANGED, group, "new epoch " + epoch));
        }
    }

    /**
     * Delivers the publications after {@code feed.last} up to {@code to} from the replay log, under the
     * feed's monitor. Those no longer in the log are counted as lost.
     *
     * @return false if Redis could not be reached (nothing changed)
     */
    private boolean replay(String group, Feed feed, long to) {
        long from = feed.last + 1;
        List<?> r;
        WriteBatch.flushCurrent(); // what is already queued leaves before this waits for Redis
        try {
            r = (List<?>) broker.link().eval(RedisScripts.REPLAY, List.of(broker.groupKey(group, "log")),
                    RedisBroker.args(Long.toString(from), Long.toString(to), Integer.toString(RedisBroker.REPLAY_LOG_MESSAGES)));
            broker.reachable();
        } catch (RedisLink.Unavailable e) {
            broker.unreachable(e);
            return false;
        }
        long delivered = 0;
        for (int i = 0; i + 2 < r.size(); i += 3) {
            long offset = (Long) r.get(i);
            if (offset > feed.last) {
                feed.last = offset;
                local.deliver(message(group, offset, feed.epoch, (Long) r.get(i + 1), (byte[]) r.get(i + 2), 0));
                delivered++;
            }
        }
        long lost = to - from + 1 - delivered;
        feed.last = Math.max(feed.last, to);
        if (lost > 0) {
            broker.runtime().counters().lost(lost);
            LOG.warning(() -> "ChannelBox: " + lost + " message(s) of group " + group
                    + " were no longer in Redis's replay log; this node's members missed them");
            broker.fire(new BrokerEvent(BrokerEvent.Kind.MESSAGES_LOST, group, lost + " message(s)"));
        }
        return true;
    }

    /**
     * Compares every feed with its group's position in Redis and replays what this node missed (after
     * a reconnect, and at every heartbeat for groups that went quiet after a blip). Delivery thread.
     */
    void checkPositions() {
        List<String> groups = new ArrayList<>(feeds.keySet());
        if (groups.isEmpty()) {
            return;
        }
        List<byte[]> args = new ArrayList<>(groups.size() + 1);
        args.add(RedisBroker.bytes(broker.prefix()));
        groups.forEach(g -> args.add(RedisBroker.bytes(g)));
        List<?> r;
        WriteBatch.flushCurrent();
        try {
            r = (List<?>) broker.link().eval(RedisScripts.POSITIONS, List.of(), args);
            broker.reachable();
        } catch (RedisLink.Unavailable e) {
            broker.unreachable(e);
            return;
        }
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            long top = (Long) r.get(2 * i);
            String epoch = RedisBroker.text(r.get(2 * i + 1));
            Feed feed = feeds.get(group);
            if (feed == null || epoch.isEmpty()) {
                continue; // left, or nothing published since Redis lost the group
            }
            synchronized (feed) {
                if (feed.epoch == null) { // joined while Redis was unreachable: start from now
                    feed.epoch = epoch;
                    feed.last = top;
                    continue;
                }
                if (!epoch.equals(feed.epoch)) {
                    newEpoch(group, feed, epoch);
                }
                if (top > feed.last) {
                    replay(group, feed, top);
                }
            }
        }
    }

    /** A message for one of this node's channels: {@code m<id>\n<wire>} or {@code c<id>\n<code>:<reason>}. */
    private void direct(byte[] payload) {
        int nl = indexOf(payload, (byte) '\n', 1);
        String id = new String(payload, 1, nl - 1, StandardCharsets.UTF_8);
        ChannelImpl channel = broker.runtime().localChannel(id);
        if (channel == null) {
            return; // closed meanwhile
        }
        if (payload[0] == 'm') {
            channel.offer(OutboundMessage.fromWire(payload, nl + 1));
        } else if (payload[0] == 'c') {
            String rest = new String(payload, nl + 1, payload.length - nl - 1, StandardCharsets.UTF_8);
            int colon = rest.indexOf(':');
            channel.close(Integer.parseInt(rest.substring(0, colon)), rest.substring(colon + 1));
        }
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("malformed message from Redis");
    }

    void close() {
        running = false;
        try {
            delivery.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delivery.interrupt();
    }
}

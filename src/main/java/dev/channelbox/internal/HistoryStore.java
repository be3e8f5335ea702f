package dev.channelbox.internal;

import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.HistoryEntry;
import dev.channelbox.Position;
import dev.channelbox.Recovery;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The histories of all groups. Bounded per group by {@link HistoryRing} (count, bytes,
 * age); in the number of groups that have a history ({@code historyMaxGroups}; beyond it the history
 * written least recently is dropped), so arbitrary room names cannot grow memory without bound; and
 * in the bytes of all groups together ({@code historyMaxTotalBytes}): beyond it the oldest entries
 * across all groups fall off one at a time, so a group loses its whole history only when all of it
 * is older than everything else kept. Entries keep their group's sequence numbers.
 *
 * <p>Threads: appends come from any thread that calls {@code groupSend} (user code, route handlers,
 * the container's threads), snapshots and flushes from any thread, the age sweep from the sweeper.
 * Every one of them holds {@link #lock} for its whole step, so an append never races a sweep or an
 * eviction: one lock for all groups, because the total bound ties them together (finding the
 * oldest entry across groups and the total must be seen at once). The work under it is short:
 * O(log groups) per entry appended or evicted, and the payload is already encoded. A snapshot copies
 * at most {@code historyMaxMessages} references.
 */
final class HistoryStore {

    private final ChannelBoxConfig config;
    private final Clock clock;
    private final long maxTotalBytes;

    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, HistoryRing> rings = new HashMap<>();
    /** Every non-empty ring by the stamp of its oldest entry: the oldest entry of all groups first. */
    private final TreeMap<Long, String> byOldest = new TreeMap<>();
    /** Every group by the stamp of its last append: the history written least recently first. */
    private final TreeMap<Long, String> byLastWrite = new TreeMap<>();
    private long totalBytes;
    private long nextStamp; // order of appends across all groups

    HistoryStore(ChannelBoxConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.maxTotalBytes = config.historyMaxTotalBytes();
    }

    /** @return the saved entry (with its position), or null if it was not saved */
    HistoryRecord append(String group, OutboundMessage message) {
        if (config.historyMaxMessages() == 0 || config.historyMaxGroups() == 0 || maxTotalBytes == 0) {
            return null; // history disabled
        }
        Instant now = clock.instant();
        synchronized (lock) {
            HistoryRing ring = rings.get(group);
            if (ring == null) {
                // a message that could never fit leaves no empty history behind
                if (message.size() > Math.min(config.historyMaxBytes(), maxTotalBytes)) {
                    return null;
                }
                if (rings.size() >= config.historyMaxGroups()) {
                    forget(byLastWrite.firstEntry().getValue());
                }
                ring = new HistoryRing(Epochs.next(), config.historyMaxMessages(), config.historyMaxBytes(), config.historyMaxAge());
                rings.put(group, ring);
            }
            HistoryRecord saved = null;
            if (message.size() <= maxTotalBytes) { // else it could only empty every history and still not fit
                long bytesBefore = ring.bytes();
                long oldestBefore = ring.oldestStamp();
                long lastWriteBefore = ring.lastStamp();
                saved = ring.append(message, now, nextStamp++);
                changed(group, ring, bytesBefore, oldestBefore);
                if (ring.lastStamp() != lastWriteBefore) {
                    byLastWrite.remove(lastWriteBefore);
                    byLastWrite.put(ring.lastStamp(), group);
                }
            }
            while (totalBytes > maxTotalBytes) {
                String oldestGroup = byOldest.firstEntry().getValue();
                HistoryRing oldest = rings.get(oldestGroup);
                long bytesBefore = oldest.bytes();
                long oldestBefore = oldest.oldestStamp();
                oldest.removeOldest();
                changed(oldestGroup, oldest, bytesBefore, oldestBefore);
            }
            return saved;
        }
    }

    /** What a client at {@code since} missed in the group (see {@link HistoryRing#since}). */
    Recovery since(String group, Position since) {
        Instant now = clock.instant();
        synchronized (lock) {
            HistoryRing ring = rings.get(group);
            if (ring == null) {
                // nothing kept: nothing to give, and nothing proves the client missed nothing
                return new Recovery(List.of(), false, Position.START);
            }
            long bytesBefore = ring.bytes();
            long oldestBefore = ring.oldestStamp();
            Recovery r = ring.since(since, now);
            changed(group, ring, bytesBefore, oldestBefore); // it aged out entries
            return r;
        }
    }

    List<HistoryEntry> snapshot(String group) {
        Instant now = clock.instant();
        synchronized (lock) {
            HistoryRing ring = rings.get(group);
            if (ring == null) {
                return List.of();
            }
            long bytesBefore = ring.bytes();
            long oldestBefore = ring.oldestStamp();
            List<HistoryEntry> snapshot = ring.snapshot(now);
            changed(group, ring, bytesBefore, oldestBefore); // the snapshot aged out entries
            return snapshot;
        }
    }

    void flush() {
        synchronized (lock) {
            rings.clear();
            byOldest.clear();
            byLastWrite.clear();
            totalBytes = 0;
        }
    }

    void flush(String group) {
        synchronized (lock) {
            forget(group);
        }
    }

    /**
     * Ages out old entries and forgets the histories this leaves empty (called by the sweeper).
     * Entries are appended in clock order, so the expired ones are the oldest across all groups: only
     * they are visited, not every group.
     */
    void sweep() {
        if (config.historyMaxAge().isZero()) {
            return;
        }
        Instant now = clock.instant();
        synchronized (lock) {
            while (!byOldest.isEmpty()) {
                String oldestGroup = byOldest.firstEntry().getValue();
                HistoryRing oldest = rings.get(oldestGroup);
                if (!oldest.oldestExpired(now)) {
                    break;
                }
                long bytesBefore = oldest.bytes();
                long oldestBefore = oldest.oldestStamp();
                oldest.expire(now);
                changed(oldestGroup, oldest, bytesBefore, oldestBefore);
                if (oldest.isEmpty()) {
                    forget(oldestGroup);
                }
            }
        }
    }

    int groupsWithHistory() {
        synchronized (lock) {
            return rings.size();
        }
    }

    /** Bytes held by all groups' histories together. */
    long totalBytes() {
        synchronized (lock) {
            return totalBytes;
        }
    }

    /** {@code ring} changed: brings the total and the oldest-first index up to date. */
    private void changed(String group, HistoryRing ring, long bytesBefore, long oldestBefore) {
        totalBytes += ring.bytes() - bytesBefore;
        long oldestAfter = ring.oldestStamp();
        if (oldestAfter != oldestBefore) {
            if (oldestBefore >= 0) {
                byOldest.remove(oldestBefore);
            }
            if (oldestAfter >= 0) {
                byOldest.put(oldestAfter, group);
            }
        }
        // A ring emptied here stays in the map, so its group keeps counting sequence numbers from
        // where it was; the age sweep and the group bound forget empty histories.
    }

    private void forget(String group) {
        HistoryRing ring = rings.remove(group);
        if (ring != null) {
            totalBytes -= ring.bytes();
            if (!ring.isEmpty()) {
                byOldest.remove(ring.oldestStamp());
            }
            byLastWrite.remove(ring.lastStamp());
        }
    }
}

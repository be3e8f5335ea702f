package dev.channelbox.internal;

import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.HistoryEntry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The histories of all groups. Bounded three ways: per group by {@link HistoryRing}, and in the
 * number of groups that have a history ({@code historyMaxGroups}; beyond it the history written
 * least recently is dropped), so arbitrary room names cannot grow memory without bound.
 */
final class HistoryStore {

    private final ChannelBoxConfig config;
    private final Clock clock;
    private final Map<String, HistoryRing> rings = new ConcurrentHashMap<>();

    HistoryStore(ChannelBoxConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    void append(String group, OutboundMessage message) {
        if (config.historyMaxMessages() == 0 || config.historyMaxGroups() == 0) {
            return; // history disabled
        }
        var now = clock.instant();
        // create and append in one atomic step, so the sweep cannot drop the ring in between
        rings.compute(group, (g, ring) -> {
            if (ring == null) {
                ring = new HistoryRing(config.historyMaxMessages(), config.historyMaxBytes(), config.historyMaxAge());
            }
            ring.append(message, now);
            return ring;
        });
        while (rings.size() > config.historyMaxGroups()) {
            evictLeastRecentlyWritten(group);
        }
    }

    List<HistoryEntry> snapshot(String group) {
        HistoryRing ring = rings.get(group);
        return ring == null ? List.of() : ring.snapshot(clock.instant());
    }

    void flush() {
        rings.clear();
    }

    void flush(String group) {
        rings.remove(group);
    }

    /** Ages out old entries and forgets histories left empty (called by the sweeper). */
    void sweep() {
        if (config.historyMaxAge().isZero()) {
            return;
        }
        var now = clock.instant();
        for (String group : rings.keySet()) {
            // expire and remove in one atomic step, so an append cannot land in a ring being removed
            rings.computeIfPresent(group, (g, ring) -> {
                ring.expire(now);
                return ring.isEmpty() ? null : ring;
            });
        }
    }

    int groupsWithHistory() {
        return rings.size();
    }

    private void evictLeastRecentlyWritten(String keep) {
        String oldest = null;
        long oldestWrite = 0;
        for (var e : rings.entrySet()) {
            if (!e.getKey().equals(keep) && (oldest == null || e.getValue().lastWrite() - oldestWrite < 0)) {
                oldest = e.getKey();
                oldestWrite = e.getValue().lastWrite();
            }
        }
        if (oldest == null) {
            return;
        }
        rings.remove(oldest);
    }
}

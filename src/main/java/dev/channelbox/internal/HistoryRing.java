package dev.channelbox.internal;

import dev.channelbox.HistoryEntry;
import dev.channelbox.Position;
import dev.channelbox.Recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One group's history: a FIFO bounded by count, bytes and optionally age. Entries fall off the old
 * end one at a time as new ones come in; the history is never dropped as a whole to make room.
 * Each entry also carries a store-wide stamp (the order of appends across all groups), by which
 * {@link HistoryStore} finds the oldest entry of all groups when their total is over its bound.
 *
 * <p>Not thread-safe: {@link HistoryStore} calls it only under its own lock.
 */
final class HistoryRing {

    /** An entry and its store-wide stamp. */
    private record Slot(HistoryRecord record, long stamp) {
    }

    private final String epoch;
    private final int maxMessages;
    private final long maxBytes;
    private final Duration maxAge;

    private final ArrayDeque<Slot> entries = new ArrayDeque<>();
    private long bytes;
    private long nextSequence = 1;
    private long lastStamp = -1; // stamp of the last append: "written least recently" for the group bound

    /** @param epoch this history's epoch: a new ring numbers its messages from 1 again */
    HistoryRing(String epoch, int maxMessages, long maxBytes, Duration maxAge) {
        this.epoch = epoch;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
    }

    /** Appends with the group's next sequence number as the stamp (a ring on its own, as in tests). */
    HistoryRecord append(OutboundMessage message, Instant now) {
        return append(message, now, nextSequence);
    }

    /**
     * Appends, then lets the oldest entries fall off until the group's bounds hold. A message larger
     * than the byte bound can never fit: it is not saved, and the history stays as it is rather than
     * being emptied for nothing.
     *
     * @return the saved entry, or null if the message was not saved
     */
    HistoryRecord append(OutboundMessage message, Instant now, long stamp) {
        long size = message.size();
        if (size > maxBytes) {
            expire(now);
            return null;
        }
        HistoryRecord record = new HistoryRecord(epoch, nextSequence++, now, message.compact(), size);
        entries.addLast(new Slot(record, stamp));
        bytes += size;
        while (!entries.isEmpty() && (entries.size() > maxMessages || bytes > maxBytes)) {
            removeOldest();
        }
        expire(now);
        lastStamp = stamp;
        return record;
    }

    List<HistoryEntry> snapshot(Instant now) {
        expire(now);
        return entries.stream().<HistoryEntry>map(Slot::record).toList();
    }

    /**
     * What a client at {@code since} missed: the entries after it, and whether they are exactly the
     * ones saved after it (same epoch, none trimmed in between).
     */
    Recovery since(Position since, Instant now) {
        expire(now);
        Position current = new Position(epoch, nextSequence - 1);
        boolean sameEpoch = since.epoch().equals(epoch);
        if (sameEpoch && since.offset() >= current.offset()) {
            // nothing missed; an offset from the future (not this history's) cannot be trusted
            return new Recovery(List.of(), since.offset() == current.offset(), current);
        }
        long after = sameEpoch ? since.offset() : 0;
        List<HistoryEntry> missed = new ArrayList<>();
        for (Slot slot : entries) {
            if (slot.record().sequence() > after) {
                missed.add(slot.record());
            }
        }
        boolean complete = sameEpoch && !missed.isEmpty() && missed.get(0).sequence() == after + 1;
        return new Recovery(missed, complete, current);
    }

    /** Drops entries older than the maximum age. */
    void expire(Instant now) {
        while (!entries.isEmpty() && isExpired(entries.peekFirst().record(), now)) {
            removeOldest();
        }
    }

    /** Whether the oldest entry is older than the maximum age at {@code now} (false when empty). */
    boolean oldestExpired(Instant now) {
        return !entries.isEmpty() && isExpired(entries.peekFirst().record(), now);
    }

    private boolean isExpired(HistoryRecord record, Instant now) {
        return !maxAge.isZero() && record.timestamp().isBefore(now.minus(maxAge));
    }

    /** Drops the oldest entry; the sequence numbers of the others stay as they are. */
    void removeOldest() {
        bytes -= entries.removeFirst().record().size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Bytes held (the sum of the entries' sizes). */
    long bytes() {
        return bytes;
    }

    /** The stamp of the oldest entry; -1 when empty. */
    long oldestStamp() {
        return entries.isEmpty() ? -1 : entries.peekFirst().stamp();
    }

    /** The stamp of the last append; -1 before the first. */
    long lastStamp() {
        return lastStamp;
    }
}

package dev.channelbox.internal;

import dev.channelbox.HistoryEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One group's history: a FIFO bounded by count, bytes and optionally age. Entries fall off the old
 * end one at a time as new ones come in; the history is never dropped as a whole to make room.
 * All state is guarded by {@code this}.
 */
final class HistoryRing {

    private final int maxMessages;
    private final long maxBytes;
    private final Duration maxAge;

    // guarded by this
    private final ArrayDeque<HistoryRecord> entries = new ArrayDeque<>();
    private long bytes;
    private long nextSequence = 1;
    private volatile long lastWrite; // System.nanoTime of the last append, read unlocked for eviction

    HistoryRing(int maxMessages, long maxBytes, Duration maxAge) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
    }

    synchronized void append(OutboundMessage message, Instant now) {
        long size = message.size();
        if (size > maxBytes) {
            // it can never fit: not saved, and the history stays as it is rather than being emptied for nothing
            expire(now);
            return;
        }
        entries.addLast(new HistoryRecord(nextSequence++, now, message.compact(), size));
        bytes += size;
        while (!entries.isEmpty() && (entries.size() > maxMessages || bytes > maxBytes)) {
            bytes -= entries.removeFirst().size();
        }
        expire(now);
        lastWrite = System.nanoTime();
    }

    synchronized List<HistoryEntry> snapshot(Instant now) {
        expire(now);
        return List.copyOf(entries);
    }

    /** Drops entries older than the maximum age. */
    synchronized void expire(Instant now) {
        if (maxAge.isZero()) {
            return;
        }
        Instant limit = now.minus(maxAge);
        while (!entries.isEmpty() && entries.peekFirst().timestamp().isBefore(limit)) {
            bytes -= entries.removeFirst().size();
        }
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    long lastWrite() {
        return lastWrite;
    }
}

package dev.channelbox.internal;

import dev.channelbox.HistoryEntry;
import dev.channelbox.Position;
import dev.channelbox.Recovery;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryRingTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @AfterAll
    static void closeCodec() {
        CODEC.close();
    }

    @Test
    void entriesAreKeptOldestFirstWithSequenceNumbersFromOne() {
        HistoryRing ring = new HistoryRing("e1", 10, 1_000, Duration.ZERO);
        append(ring, "a", T0);
        append(ring, "b", T0.plusSeconds(1));
        append(ring, "c", T0.plusSeconds(2));

        List<HistoryEntry> entries = ring.snapshot(T0.plusSeconds(3));
        assertEquals(List.of("\"a\"", "\"b\"", "\"c\""), json(entries));
        assertEquals(List.of(1L, 2L, 3L), sequences(entries));
        assertEquals(List.of(T0, T0.plusSeconds(1), T0.plusSeconds(2)), entries.stream().map(HistoryEntry::timestamp).toList());
    }

    @Test
    void sinceAPositionGivesExactlyTheEntriesAfterItWhileNoneWasTrimmed() {
        HistoryRing ring = new HistoryRing("e1", 3, 1_000, Duration.ZERO);
        for (int i = 1; i <= 3; i++) {
            append(ring, "m" + i, T0);
        }
        Recovery r = ring.since(new Position("e1", 1), T0);
        assertTrue(r.recovered());
        assertEquals(List.of(2L, 3L), sequences(r.missed()));
        assertEquals(new Position("e1", 3), r.position());
        assertEquals(List.of(new Position("e1", 2), new Position("e1", 3)),
                r.missed().stream().map(HistoryEntry::position).toList());

        Recovery upToDate = ring.since(new Position("e1", 3), T0);
        assertTrue(upToDate.recovered(), "nothing missed is exactly what was missed");
        assertEquals(List.of(), upToDate.missed());

        append(ring, "m4", T0); // m1 falls off: a client at 0 missed it
        Recovery trimmed = ring.since(new Position("e1", 0), T0);
        assertFalse(trimmed.recovered());
        assertEquals(List.of(2L, 3L, 4L), sequences(trimmed.missed()), "what is left is still given");
        Recovery justInTime = ring.since(new Position("e1", 1), T0);
        assertTrue(justInTime.recovered(), "m2 on are all there");
    }

    @Test
    void anotherEpochTheStartOrAnOffsetFromTheFutureIsNotRecovered() {
        HistoryRing ring = new HistoryRing("e2", 10, 1_000, Duration.ZERO);
        append(ring, "a", T0);
        append(ring, "b", T0);
        Recovery other = ring.since(new Position("e1", 1), T0);
        assertFalse(other.recovered());
        assertEquals(List.of(1L, 2L), sequences(other.missed()), "the whole history of the new epoch");
        assertEquals(new Position("e2", 2), other.position());

        Recovery start = ring.since(Position.START, T0);
        assertFalse(start.recovered());
        assertEquals(List.of(1L, 2L), sequences(start.missed()));

        Recovery future = ring.since(new Position("e2", 7), T0);
        assertFalse(future.recovered());
        assertEquals(List.of(), future.missed());
        assertEquals(new Position("e2", 2), future.position());
    }

    @Test
    void countBoundDropsTheOldestOneAtATime() {
        HistoryRing ring = new HistoryRing("e1", 3, 1_000, Duration.ZERO);
        for (int i = 1; i <= 5; i++) {
            append(ring, "m" + i, T0);
            assertEquals(Math.min(i, 3), ring.snapshot(T0).size());
        }

        List<HistoryEntry> entries = ring.snapshot(T0);
        assertEquals(List.of("\"m3\"", "\"m4\"", "\"m5\""), json(entries));
        assertEquals(List.of(3L, 4L, 5L), sequences(entries), "sequence numbers keep counting past dropped entries");
    }

    @Test
    void byteBoundDropsOnlyAsManyOldEntriesAsNeeded() {
        // sizes are the canonical form's UTF-8 length: a String payload counts its own characters
        HistoryRing ring = new HistoryRing("e1", 100, 10, Duration.ZERO);
        append(ring, "aaaa", T0);   // 4
        append(ring, "bbbb", T0);   // 8
        append(ring, "cc", T0);     // 10: exactly at the bound, nothing falls off
        assertEquals(List.of("\"aaaa\"", "\"bbbb\"", "\"cc\""), json(ring.snapshot(T0)));

        append(ring, "d", T0);      // 11: the oldest alone falls off
        assertEquals(List.of("\"bbbb\"", "\"cc\"", "\"d\""), json(ring.snapshot(T0)));

        append(ring, "eeeeeeee", T0); // 7 + 8: "bbbb" then "cc" fall off, one at a time, until it fits
        assertEquals(List.of("\"d\"", "\"eeeeeeee\""), json(ring.snapshot(T0)));
    }

    @Test
    void byteBoundCountsUtf8Bytes() {
        HistoryRing ring = new HistoryRing("e1", 100, 4, Duration.ZERO);
        append(ring, "é", T0);  // 2 bytes
        append(ring, "ü", T0);  // 4
        append(ring, "€", T0);  // 3 bytes: 7 > 4, both older ones fall off
        assertEquals(List.of("\"€\""), json(ring.snapshot(T0)));
    }

    @Test
    void entryLargerThanTheByteBoundIsNotKeptAndLeavesTheHistoryAlone() {
        HistoryRing ring = new HistoryRing("e1", 100, 10, Duration.ZERO);
        append(ring, "old1", T0);
        append(ring, "old2", T0);

        append(ring, "x".repeat(11), T0);

        // the documented promise: entries fall off one at a time as new ones come in, and the
        // history is never dropped as a whole to make room (here: for an entry that cannot fit)
        assertEquals(List.of("\"old1\"", "\"old2\""), json(ring.snapshot(T0)));
    }

    @Test
    void ageBoundDropsEntriesOlderThanTheMaximumAge() {
        HistoryRing ring = new HistoryRing("e1", 100, 1_000, Duration.ofSeconds(10));
        append(ring, "at0", T0);
        append(ring, "at5", T0.plusSeconds(5));
        append(ring, "at8", T0.plusSeconds(8));

        assertEquals(3, ring.snapshot(T0.plusSeconds(10)).size(), "exactly max age old is still kept");
        assertEquals(List.of("\"at5\"", "\"at8\""), json(ring.snapshot(T0.plusSeconds(10).plusMillis(1))));
        assertEquals(List.of("\"at8\""), json(ring.snapshot(T0.plusSeconds(17))));
        assertEquals(List.of(), json(ring.snapshot(T0.plusSeconds(19))));
        assertTrue(ring.isEmpty());
    }

    @Test
    void appendAlsoAgesOutOldEntries() {
        HistoryRing ring = new HistoryRing("e1", 100, 1_000, Duration.ofSeconds(10));
        append(ring, "old", T0);
        append(ring, "new", T0.plusSeconds(60));

        assertEquals(List.of("\"new\""), json(ring.snapshot(T0.plusSeconds(60))));
        assertEquals(List.of(2L), sequences(ring.snapshot(T0.plusSeconds(60))));
    }

    @Test
    void zeroMaxAgeKeepsEntriesForever() {
        HistoryRing ring = new HistoryRing("e1", 100, 1_000, Duration.ZERO);
        append(ring, "ancient", T0);

        assertEquals(List.of("\"ancient\""), json(ring.snapshot(T0.plus(Duration.ofDays(3650)))));
    }

    @Test
    void entriesKeepTheEncodedMessageForEveryPayloadType() {
        HistoryRing ring = new HistoryRing("e1", 100, 1_000, Duration.ZERO);
        ring.append(OutboundMessage.of(Map.of("user", "ann"), CODEC), T0);
        ring.append(OutboundMessage.of(new byte[] {1, 2, 3}, CODEC), T0);

        assertEquals(List.of("{\"user\":\"ann\"}", "\"AQID\""), json(ring.snapshot(T0)));
    }

    @Test
    void snapshotIsImmutableAndDetachedFromTheRing() {
        HistoryRing ring = new HistoryRing("e1", 100, 1_000, Duration.ZERO);
        append(ring, "a", T0);
        List<HistoryEntry> snapshot = ring.snapshot(T0);

        append(ring, "b", T0);

        assertEquals(1, snapshot.size());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.clear());
    }

    private static void append(HistoryRing ring, String text, Instant at) {
        ring.append(OutboundMessage.of(text, CODEC), at);
    }

    private static List<String> json(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::json).toList();
    }

    private static List<Long> sequences(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::sequence).toList();
    }
}

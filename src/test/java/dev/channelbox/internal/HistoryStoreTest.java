package dev.channelbox.internal;

import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.HistoryEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryStoreTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final FakeClock clock = new FakeClock(T0);

    @AfterAll
    static void closeCodec() {
        CODEC.close();
    }

    @Test
    void eachGroupHasItsOwnHistory() {
        HistoryStore store = store(ChannelBoxConfig.builder());
        append(store, "a", "1");
        append(store, "b", "2");
        append(store, "a", "3");

        assertEquals(List.of("\"1\"", "\"3\""), json(store.snapshot("a")));
        assertEquals(List.of(1L, 2L), store.snapshot("a").stream().map(HistoryEntry::sequence).toList());
        assertEquals(List.of("\"2\""), json(store.snapshot("b")));
        assertEquals(List.of(), store.snapshot("nobody"));
    }

    @Test
    void zeroMaxMessagesDisablesHistory() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxMessages(0));
        append(store, "a", "1");

        assertEquals(List.of(), store.snapshot("a"));
        assertEquals(0, store.groupsWithHistory());
    }

    @Test
    void zeroMaxGroupsDisablesHistory() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxGroups(0));
        append(store, "a", "1");

        assertEquals(0, store.groupsWithHistory());
    }

    @Test
    void beyondMaxGroupsTheHistoryWrittenLeastRecentlyIsDropped() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxGroups(2));
        append(store, "a", "1");
        append(store, "b", "2");
        append(store, "a", "3");   // "b" is now the least recently written

        append(store, "c", "4");

        assertEquals(2, store.groupsWithHistory());
        assertEquals(List.of("\"1\"", "\"3\""), json(store.snapshot("a")));
        assertEquals(List.of(), store.snapshot("b"));
        assertEquals(List.of("\"4\""), json(store.snapshot("c")));
    }

    @Test
    void flushForgetsOneGroupOrAll() {
        HistoryStore store = store(ChannelBoxConfig.builder());
        append(store, "a", "1");
        append(store, "b", "2");

        store.flush("a");
        assertEquals(List.of(), store.snapshot("a"));
        assertEquals(1, store.snapshot("b").size());

        store.flush();
        assertEquals(0, store.groupsWithHistory());
    }

    @Test
    void sweepAgesOutEntriesAndForgetsHistoriesLeftEmpty() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxAge(Duration.ofSeconds(10)));
        append(store, "old", "1");
        clock.set(T0.plusSeconds(5));
        append(store, "recent", "2");

        clock.set(T0.plusSeconds(11));
        store.sweep();

        assertEquals(1, store.groupsWithHistory());
        assertEquals(List.of("\"2\""), json(store.snapshot("recent")));
    }

    @Test
    void snapshotUsesTheClockForAge() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxAge(Duration.ofSeconds(10)));
        append(store, "a", "1");

        clock.set(T0.plusSeconds(11));

        assertEquals(List.of(), store.snapshot("a"));
    }

    @Test
    void messageSavedWhileTheSweepRunsIsNotLost() throws Exception {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxAge(Duration.ofSeconds(10)));
        // the appending thread is held inside append, after its group's history was created and
        // before the message went in; the sweep runs exactly then
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        clock.holdThread("appender", inside, release);
        Thread appender = new Thread(() -> append(store, "room", "hello"), "appender");
        appender.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));

        store.sweep();
        release.countDown();
        appender.join(5_000);

        assertEquals(List.of("\"hello\""), json(store.snapshot("room")));
    }

    // ------------------------------------------------------------------ the total bound

    @Test
    void overTheTotalBoundTheOldestEntriesAcrossGroupsFallOffOneAtATime() {
        // sizes: a String payload counts its own characters
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxTotalBytes(20));
        append(store, "a", "1111");
        append(store, "b", "2222");
        append(store, "a", "3333");
        append(store, "c", "4444");
        append(store, "b", "5555"); // 20: exactly at the bound, nothing falls off
        assertEquals(20, store.totalBytes());

        append(store, "c", "6666"); // 24: the oldest of all, a's "1111", falls off
        assertEquals(List.of("\"3333\""), json(store.snapshot("a")));
        assertEquals(List.of(2L), sequences(store.snapshot("a")), "entries keep their sequence numbers");

        append(store, "a", "77777777"); // 28: b's "2222", then a's "3333"
        assertEquals(List.of("\"77777777\""), json(store.snapshot("a")));
        assertEquals(List.of(3L), sequences(store.snapshot("a")));
        assertEquals(List.of("\"5555\""), json(store.snapshot("b")));
        assertEquals(List.of(2L), sequences(store.snapshot("b")));
        assertEquals(List.of("\"4444\"", "\"6666\""), json(store.snapshot("c")));
        assertEquals(20, store.totalBytes());
    }

    @Test
    void aGroupLosesItsWholeHistoryOnlyWhenAllOfItIsOlderThanEveryOtherEntry() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxTotalBytes(12));
        append(store, "quiet", "q1");
        append(store, "quiet", "q2");
        for (int i = 0; i < 3; i++) {
            append(store, "busy", "bbbb"); // the busy room pushes the quiet one's old entries out
        }
        assertEquals(List.of(), store.snapshot("quiet"));
        assertEquals(3, store.snapshot("busy").size());

        append(store, "quiet", "q3");
        assertEquals(List.of(3L), sequences(store.snapshot("quiet")), "the group's numbering goes on");
        assertEquals(List.of(2L, 3L), sequences(store.snapshot("busy")), "then the busy room's oldest fell off");
    }

    @Test
    void anEntryLargerThanTheTotalBoundIsNotSavedAndDropsNothing() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxTotalBytes(10));
        append(store, "a", "1111");
        append(store, "b", "2222");

        append(store, "a", "x".repeat(11));
        append(store, "new", "x".repeat(11));

        assertEquals(List.of("\"1111\""), json(store.snapshot("a")));
        assertEquals(List.of("\"2222\""), json(store.snapshot("b")));
        assertEquals(2, store.groupsWithHistory(), "no empty history left for the entry not saved");
        assertEquals(8, store.totalBytes());
    }

    @Test
    void zeroTotalBytesDisablesHistory() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxTotalBytes(0));
        append(store, "a", "1");

        assertEquals(List.of(), store.snapshot("a"));
        assertEquals(0, store.groupsWithHistory());
    }

    @Test
    void flushedAndGroupBoundedHistoriesGiveTheirBytesBack() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxTotalBytes(12).historyMaxGroups(2));
        append(store, "a", "1111");
        append(store, "b", "2222");
        store.flush("a");
        assertEquals(4, store.totalBytes());

        append(store, "c", "3333"); // "b" is the least recently written of two groups: dropped whole
        append(store, "d", "4444"); // beyond two groups: "b" goes, as before the total bound
        assertEquals(List.of(), store.snapshot("b"));
        assertEquals(8, store.totalBytes());
        append(store, "d", "5555"); // 12: at the bound, nothing of "c" falls off
        assertEquals(List.of("\"3333\""), json(store.snapshot("c")));

        store.flush();
        assertEquals(0, store.totalBytes());
    }

    @Test
    void theSweepAgesOutEntriesOfEveryGroupAndGivesTheirBytesBack() {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxAge(Duration.ofSeconds(10)).historyMaxTotalBytes(100));
        append(store, "a", "old1");
        append(store, "b", "old2");
        clock.set(T0.plusSeconds(5));
        append(store, "a", "new1");
        append(store, "c", "new2");

        clock.set(T0.plusSeconds(11));
        store.sweep();

        assertEquals(List.of("\"new1\""), json(store.snapshot("a")));
        assertEquals(List.of("\"new2\""), json(store.snapshot("c")));
        assertEquals(2, store.groupsWithHistory(), "b was left empty and is forgotten");
        assertEquals(8, store.totalBytes());
    }

    /**
     * Appends to many groups race with sweeps and snapshots. Whatever the interleaving, the total
     * never goes over its bound, it equals what the groups hold, and every group's entries are
     * the newest ones it saved, numbered without gaps.
     */
    @Test
    void appendsRacingWithSweepsAndSnapshotsKeepTheTotalExact() throws InterruptedException {
        HistoryStore store = store(ChannelBoxConfig.builder().historyMaxTotalBytes(1_000).historyMaxMessages(50)
                .historyMaxAge(Duration.ofSeconds(30)));
        int writers = 4;
        int perWriter = 5_000;
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perWriter; i++) {
                    append(store, "g" + (writer * 7 + i) % 20, "m" + i);
                    if (i % 100 == 0) {
                        clock.set(T0.plusSeconds(i / 100)); // time moves on: the sweep has entries to age out
                    }
                }
            }));
        }
        Thread sweeper = new Thread(() -> {
            try {
                while (threads.stream().anyMatch(Thread::isAlive)) {
                    store.sweep();
                    // the snapshots of 20 groups are 20 moments, so their sum may exceed the bound while
                    // appends move bytes between groups; the total is read in one step
                    long total = store.totalBytes();
                    assertTrue(total <= 1_000, "total " + total);
                    for (int g = 0; g < 20; g++) {
                        assertGapless(store.snapshot("g" + g));
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        threads.forEach(Thread::start);
        sweeper.start();
        for (Thread t : threads) {
            t.join();
        }
        sweeper.join();

        assertEquals(null, failure.get());
        long held = 0;
        for (int g = 0; g < 20; g++) {
            List<HistoryEntry> entries = store.snapshot("g" + g);
            held += entries.stream().mapToLong(e -> e.json().length() - 2).sum(); // "mN" counts N's characters + 1
            assertGapless(entries);
        }
        assertEquals(held, store.totalBytes());
        assertTrue(held <= 1_000 && held > 900, "the bound is used, not emptied: " + held);
    }

    private static void assertGapless(List<HistoryEntry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            assertEquals(entries.get(i - 1).sequence() + 1, entries.get(i).sequence(), "no gaps: " + entries);
        }
    }

    // ------------------------------------------------------------------ helpers

    private HistoryStore store(ChannelBoxConfig.Builder config) {
        return new HistoryStore(config.build(), clock);
    }

    private static void append(HistoryStore store, String group, String text) {
        store.append(group, OutboundMessage.of(text, CODEC));
    }

    private static List<Long> sequences(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::sequence).toList();
    }

    private static List<String> json(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::json).toList();
    }

    /** A settable clock that can hold one named thread the next time it reads the time. */
    private static final class FakeClock extends Clock {
        private volatile Instant now;
        private volatile String heldThread;
        private volatile CountDownLatch inside;
        private volatile CountDownLatch release;

        FakeClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void holdThread(String name, CountDownLatch inside, CountDownLatch release) {
            this.inside = inside;
            this.release = release;
            this.heldThread = name;
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().equals(heldThread)) {
                heldThread = null;
                inside.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

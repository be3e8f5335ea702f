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

    // ------------------------------------------------------------------ helpers

    private HistoryStore store(ChannelBoxConfig.Builder config) {
        return new HistoryStore(config.build(), clock);
    }

    private static void append(HistoryStore store, String group, String text) {
        store.append(group, OutboundMessage.of(text, CODEC));
        // "least recently written" is told apart by System.nanoTime: make sure it moves on
        long t = System.nanoTime();
        while (System.nanoTime() == t) {
            Thread.onSpinWait();
        }
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

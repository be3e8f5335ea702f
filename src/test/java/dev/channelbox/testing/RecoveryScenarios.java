package dev.channelbox.testing;

import dev.channelbox.ChannelBox;
import dev.channelbox.HistoryEntry;
import dev.channelbox.Position;
import dev.channelbox.Recovery;
import dev.channelbox.fixtures.RecoveryFixtures;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery by position as a client sees it, the same with every broker: what a client missed while it
 * was away reaches it when it comes back, exactly once, in order, before any live message; what
 * cannot be given exactly is said to be so. The client leaves through one server and comes back
 * through another ({@link #recoveryPort()}: another node with Redis).
 */
public abstract class RecoveryScenarios {

    /** Where messages are sent from (a node's ChannelBox). */
    protected abstract ChannelBox sender();

    /** Where a client is first. */
    protected abstract int firstPort();

    /** Where it comes back. */
    protected abstract int recoveryPort();

    /** A room no other test uses. */
    protected static String room(String name) {
        return name + "-" + Long.toHexString(System.nanoTime());
    }

    /** The last saved position of a group, as any node sees it. */
    protected Position lastPosition(String room) {
        List<HistoryEntry> history = sender().showHistory(room);
        return history.get(history.size() - 1).position();
    }

    protected static long n(Map<String, Object> message) {
        return ((BigDecimal) message.get("n")).longValue();
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> data(Map<String, Object> envelope) {
        assertEquals("message", envelope.get("channelbox"), "an envelope: " + envelope);
        return (Map<String, Object>) envelope.get("data");
    }

    protected static Position position(Map<String, Object> envelope) {
        return Position.parse((String) envelope.get("position"));
    }

    /**
     * Sends {@code {"n": i}} for each i, saved; returns once they are numbered (with Redis a send
     * returns before: a history read behind them on the same connection waits for them).
     */
    private void send(String room, int from, int to) {
        for (int i = from; i <= to; i++) {
            assertTrue(sender().groupSend(room, Map.of("n", i), true).published());
        }
        assertEquals(to, lastPosition(room).offset(), "message n has sequence number n");
    }

    @Test
    void aClientThatMissed200MessagesGetsExactlyThoseInOrderBeforeLiveOnes() {
        String room = room("missed-200");
        send(room, 1, 5);
        Position before = lastPosition(room);
        send(room, 6, 205);

        Recovery asked = sender().historySince(room, before);
        assertTrue(asked.recovered());
        assertEquals(200, asked.missed().size());
        assertEquals(new Position(before.epoch(), 205), asked.position());

        try (TestClient back = TestClient.connect(recoveryPort(), "/recovery/plain/" + room + "?since=" + before)) {
            for (int i = 6; i <= 205; i++) {
                assertEquals(i, n(back.nextJsonObject()));
            }
            Map<String, Object> said = back.nextJsonObject();
            assertEquals("ADDED", said.get("join"));
            assertEquals(true, said.get("recovered"));
            assertEquals(new BigDecimal(200), said.get("missed"));
            assertEquals(before.epoch() + ":205", said.get("position"));
            send(room, 206, 206);
            assertEquals(206, n(back.nextJsonObject()), "then live");
        }
    }

    @Test
    void aPositionedClientGetsEnvelopesAndRecoversFromItsLastPosition() throws Exception {
        String room = room("positioned");
        Position last;
        try (TestClient first = TestClient.connect(firstPort(), "/recovery/positioned/" + room)) {
            awaitMembers(room, 1);
            send(room, 1, 1);
            Map<String, Object> m = first.nextJsonObject();
            assertEquals(room, m.get("group"));
            assertEquals(Map.of("n", BigDecimal.ONE), data(m));
            last = position(m);
            assertEquals(1, last.offset());
            assertTrue(sender().groupSend(room, "not saved", false).published());
            Map<String, Object> unsaved = first.nextJsonObject();
            assertEquals("not saved", unsaved.get("data"));
            assertNull(unsaved.get("position"), "a message not saved has no position: " + unsaved);
        }
        awaitMembers(room, 0);
        send(room, 2, 201);
        try (TestClient back = TestClient.connect(recoveryPort(), "/recovery/positioned/" + room + "?recover=" + room + "@" + last)) {
            for (int i = 2; i <= 201; i++) {
                Map<String, Object> m = back.nextJsonObject();
                assertEquals(i, n(data(m)));
                assertEquals(new Position(last.epoch(), i), position(m));
            }
            Map<String, Object> outcome = back.nextJsonObject();
            assertEquals(Map.of("channelbox", "recovery", "group", room, "recovered", true,
                    "position", last.epoch() + ":201", "missed", new BigDecimal(200)), outcome);
        }
    }

    /**
     * Messages keep coming from another thread while the client leaves and comes back: the second
     * connection gets every message after the first one's last, once, in order, and nothing before it.
     */
    @Test
    void whileSendersRunNothingIsLostOrRepeatedBetweenMissedAndLive() throws Exception {
        String room = room("running");
        int total = 3_000;
        AtomicBoolean go = new AtomicBoolean();
        CompletableFuture<Void> sending;
        Position last;
        try (TestClient first = TestClient.connect(firstPort(), "/recovery/positioned/" + room)) {
            awaitMembers(room, 1);
            sending = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= total; i++) {
                    sender().groupSend(room, Map.of("n", i), true);
                    if (i % 10 == 0) {
                        sleep(1);
                    }
                }
            });
            Map<String, Object> m = null;
            for (int i = 1; i <= 200; i++) {
                m = first.nextJsonObject();
                assertEquals(i, n(data(m)));
            }
            last = position(m);
        }
        try (TestClient back = TestClient.connect(recoveryPort(), "/recovery/positioned/" + room + "?recover=" + room + "@" + last)) {
            List<Long> offsets = new ArrayList<>();
            boolean outcomeSeen = false;
            while (offsets.isEmpty() || offsets.get(offsets.size() - 1) < total) {
                Map<String, Object> m = back.nextJsonObject();
                if ("recovery".equals(m.get("channelbox"))) {
                    assertFalse(outcomeSeen, "one outcome");
                    outcomeSeen = true;
                    assertEquals(true, m.get("recovered"), m.toString());
                    assertEquals(new BigDecimal(offsets.size()), m.get("missed"), "the outcome follows the missed messages");
                    continue;
                }
                Position p = position(m);
                assertEquals(last.epoch(), p.epoch());
                assertEquals(p.offset(), n(data(m)));
                offsets.add(p.offset());
            }
            assertTrue(outcomeSeen);
            List<Long> expected = new ArrayList<>();
            for (long i = last.offset() + 1; i <= total; i++) {
                expected.add(i);
            }
            assertEquals(expected, offsets, "each message after the last one seen, once, in order");
            sending.join();
        }
    }

    @Test
    void aPositionTrimmedOutOfHistoryIsNotRecoveredButWhatIsLeftIsGiven() {
        String room = room("trimmed");
        send(room, 1, 1);
        Position before = lastPosition(room);
        send(room, 2, RecoveryFixtures.HISTORY + 11); // the first 10 after the position fall off
        try (TestClient back = TestClient.connect(recoveryPort(), "/recovery/positioned/" + room + "?recover=" + room + "@" + before)) {
            for (int i = 12; i <= RecoveryFixtures.HISTORY + 11; i++) {
                assertEquals(i, n(data(back.nextJsonObject())));
            }
            Map<String, Object> outcome = back.nextJsonObject();
            assertEquals(false, outcome.get("recovered"), outcome.toString());
            assertEquals(new BigDecimal(RecoveryFixtures.HISTORY), outcome.get("missed"));
        }
    }

    protected void awaitMembers(String room, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sender().group(room).size() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(room + " has " + sender().group(room).size() + " members, not " + count);
            }
            Thread.sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

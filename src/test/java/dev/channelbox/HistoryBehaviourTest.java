package dev.channelbox;

import dev.channelbox.fixtures.HistoryFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static dev.channelbox.fixtures.HistoryFixtures.MAX_BYTES;
import static dev.channelbox.fixtures.HistoryFixtures.MAX_MESSAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** History per group: bounds by count and bytes, flushing, replay, history of a group without members. */
class HistoryBehaviourTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(HistoryFixtures.SmallHistoryConfig.class, HistoryFixtures.JsonMember.class, HistoryFixtures.TextMember.class);
    static ChannelBox box;

    @BeforeAll
    static void start() {
        box = server.channelBox();
    }

    private static List<Long> sequences(List<HistoryEntry> history) {
        return history.stream().map(HistoryEntry::sequence).toList();
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void historyKeepsTheLastMessagesUpToTheCountLimit() {
        String g = "count-bound";
        for (int i = 1; i <= 8; i++) {
            box.groupSend(g, Map.of("n", i), true);
        }
        List<HistoryEntry> history = box.showHistory(g);
        assertEquals(MAX_MESSAGES, history.size());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), sequences(history));
        for (int i = 0; i < history.size(); i++) {
            assertEquals("{\"n\":" + (i + 4) + "}", history.get(i).json());
            if (i > 0) {
                assertFalse(history.get(i).timestamp().isBefore(history.get(i - 1).timestamp()),
                        "timestamps must not go back: " + history);
            }
        }
        assertThrows(UnsupportedOperationException.class, () -> box.showHistory(g).clear());
    }

    @Test
    void sequenceNumbersStartAtOneAndIncreaseByOne() {
        String g = "sequence";
        box.groupSend(g, "first", true);
        box.groupSend(g, "not saved", false);
        box.groupSend(g, "second", true);
        List<HistoryEntry> history = box.showHistory(g);
        assertEquals(List.of(1L, 2L), sequences(history));
        assertEquals(List.of("\"first\"", "\"second\""), history.stream().map(HistoryEntry::json).toList());
    }

    @Test
    void whenTheByteLimitIsReachedTheOldestEntriesFallOffOneAtATime() {
        String g = "byte-bound";
        // messages of different sizes (about 25 to 95 bytes) so the byte limit, not the count, binds
        int[] pads = {10, 70, 30, 50, 20, 60, 5, 40, 65, 15, 35, 45};
        List<Long> sizes = new ArrayList<>(); // by sequence - 1
        for (int i = 0; i < pads.length; i++) {
            box.groupSend(g, Map.of("pad", "p".repeat(pads[i])), true);
            List<HistoryEntry> history = box.showHistory(g);
            HistoryEntry newest = history.get(history.size() - 1);
            assertEquals(i + 1, newest.sequence(), "the newest message is kept: " + history);
            sizes.add(utf8(newest.json()));

            // expected: the longest run of newest messages within both limits
            List<Long> expected = new ArrayList<>();
            long bytes = 0;
            for (int s = i; s >= 0 && expected.size() < MAX_MESSAGES && bytes + sizes.get(s) <= MAX_BYTES; s--) {
                bytes += sizes.get(s);
                expected.add(0, (long) s + 1);
            }
            assertEquals(expected, sequences(history), "after message " + (i + 1) + " (sizes " + sizes + ")");
            long total = history.stream().mapToLong(e -> utf8(e.json())).sum();
            assertTrue(total <= MAX_BYTES, "history holds " + total + " bytes");
            if (i > 0) { // any two of these messages fit together: the previous one is never dropped with the rest
                assertTrue(sequences(history).contains((long) i), "the history is never dropped as a whole: " + history);
            }
        }
    }

    @Test
    void aMessageLargerThanTheByteLimitDoesNotWipeTheHistory() {
        String g = "oversized";
        box.groupSend(g, Map.of("n", 1), true);
        box.groupSend(g, Map.of("n", 2), true);
        List<HistoryEntry> before = box.showHistory(g);
        assertEquals(2, before.size());

        // cannot fit in MAX_BYTES whatever is dropped
        box.groupSend(g, Map.of("big", "b".repeat((int) MAX_BYTES * 2)), true);

        List<HistoryEntry> after = box.showHistory(g);
        assertTrue(after.stream().allMatch(e -> utf8(e.json()) <= MAX_BYTES), "the byte limit holds: " + after);
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), after.stream().map(HistoryEntry::json).toList(),
                "the entries that fit stay: the oldest fall off one at a time, never the whole history at once");
    }

    @Test
    void flushHistoryOfOneGroupLeavesTheOthers() {
        box.groupSend("flush-a", "a1", true);
        box.groupSend("flush-b", "b1", true);
        box.flushHistory("flush-a");
        assertEquals(List.of(), box.showHistory("flush-a"));
        assertEquals(List.of("\"b1\""), box.showHistory("flush-b").stream().map(HistoryEntry::json).toList());
        box.flushHistory("flush-never-existed"); // nothing to do, no failure
        assertEquals(1, box.showHistory("flush-b").size());
    }

    @Test
    void flushHistoryForgetsEveryGroup() {
        box.groupSend("flush-all-a", "a1", true);
        box.groupSend("flush-all-b", "b1", true);
        box.flushHistory();
        assertEquals(List.of(), box.showHistory("flush-all-a"));
        assertEquals(List.of(), box.showHistory("flush-all-b"));
        // the group keeps saving afterwards
        box.groupSend("flush-all-a", "a2", true);
        assertEquals(List.of("\"a2\""), box.showHistory("flush-all-a").stream().map(HistoryEntry::json).toList());
    }

    @Test
    void historyIsSavedForAGroupWithoutMembers() {
        assertEquals(new GroupSendResult(0, 0), box.groupSend("empty-room", Map.of("hello", "nobody"), true));
        assertFalse(box.showGroups().containsKey("empty-room"));
        List<HistoryEntry> history = box.showHistory("empty-room");
        assertEquals(1, history.size());
        assertEquals("{\"hello\":\"nobody\"}", history.get(0).json());
        assertEquals(1L, history.get(0).sequence());
    }

    @Test
    void historyOutlivesTheGroupWhenItsLastMemberLeaves() {
        TestClient a = TestClient.connect(server.port(), "/history/json/outlive");
        idOf(a);
        box.groupSend("outlive", Map.of("kept", true), true);
        assertEquals(Map.of("kept", true), a.nextJsonObject());
        a.closeNormally();
        eventually("the group is gone", () -> !box.showGroups().containsKey("outlive"));
        assertEquals(List.of("{\"kept\":true}"), box.showHistory("outlive").stream().map(HistoryEntry::json).toList());
        a.close();
    }

    @Test
    void replayingAHistoryEntryDeliversExactlyTheJsonOriginallyBroadcast() {
        try (TestClient member = TestClient.connect(server.port(), "/history/json/replay");
             TestClient late = TestClient.connect(server.port(), "/history/json/replay-late")) {
            idOf(member);
            String lateId = idOf(late);

            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("user", "alice");
            payload.put("message", "héllo \"quoted\" ☕");
            payload.put("n", 1);
            box.groupSend("replay", payload, true);
            String broadcast = member.nextText();

            // the payload object changes afterwards: the history keeps what was sent
            payload.put("message", "changed");
            payload.put("extra", true);

            HistoryEntry entry = box.showHistory("replay").get(0);
            assertEquals(broadcast, entry.json());

            Channel lateChannel = box.channel(lateId).orElseThrow();
            assertEquals(SendStatus.QUEUED, lateChannel.send(entry));
            assertEquals(broadcast, late.nextText());
            assertEquals(SendStatus.QUEUED, box.sendTo(lateId, entry));
            assertEquals(broadcast, late.nextText());
        }
    }

    @Test
    void replayingAnEntryEncodesItForTheReceivingChannelsType() {
        try (TestClient json = TestClient.connect(server.port(), "/history/json/replay-types");
             TestClient text = TestClient.connect(server.port(), "/history/text/replay-types")) {
            String jsonId = idOf(json);
            String textId = text.nextText().substring("id:".length());

            box.groupSend("replay-types", "say \"hi\"", true);
            String asJson = json.nextText();
            String asText = text.nextText();
            assertEquals("\"say \\\"hi\\\"\"", asJson);
            assertEquals("say \"hi\"", asText);

            HistoryEntry entry = box.showHistory("replay-types").get(0);
            assertEquals(asJson, entry.json());
            box.channel(jsonId).orElseThrow().send(entry);
            box.channel(textId).orElseThrow().send(entry);
            assertEquals(asJson, json.nextText());
            assertEquals(asText, text.nextText());
        }
    }
}

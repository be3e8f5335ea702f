package dev.channelbox;

import dev.channelbox.fixtures.HistoryFixtures;
import dev.channelbox.fixtures.LimitsFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.channelbox.fixtures.LimitsFixtures.HISTORY_TOTAL_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bound on all groups' histories together, through the bean: 1,000 bytes here. Rooms are
 * written in turn with 100-byte messages; the oldest entries of all rooms fall off first.
 */
class HistoryTotalBoundTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(LimitsFixtures.SmallTotalHistoryConfig.class, HistoryFixtures.JsonMember.class);
    static ChannelBox box;

    @BeforeAll
    static void start() {
        box = server.channelBox();
    }

    @Test
    void theOldestEntriesOfAllRoomsFallOffFirstAndEachRoomKeepsItsNewest() {
        box.flushHistory();
        String padding = "x".repeat(100 - "{\"n\":00,\"p\":\"\"}".length()); // each message: 100 bytes of JSON
        // 30 messages, 3,000 bytes, round robin over three rooms: the last 10 (1,000 bytes) are kept
        for (int n = 10; n < 40; n++) {
            box.groupSend("room-" + n % 3, Map.of("n", n, "p", padding), true);
        }

        assertEquals(List.of(30L, 33L, 36L, 39L), numbers(box.showHistory("room-0")));
        assertEquals(List.of(31L, 34L, 37L), numbers(box.showHistory("room-1")));
        assertEquals(List.of(32L, 35L, 38L), numbers(box.showHistory("room-2")));
        // sequence numbers are the room's own: room-0 saved 10 (n = 12..39 step 3 is 10 entries), kept the last 4
        assertEquals(List.of(7L, 8L, 9L, 10L), box.showHistory("room-0").stream().map(HistoryEntry::sequence).toList());
        long held = 0;
        for (int r = 0; r < 3; r++) {
            held += box.showHistory("room-" + r).stream().mapToLong(e -> e.json().length()).sum();
        }
        assertTrue(held <= HISTORY_TOTAL_BYTES, "held " + held);
    }

    @Test
    void aMemberReplaysWhatIsLeftOfItsRoom() {
        box.flushHistory();
        String big = "y".repeat(600);
        box.groupSend("replay", Map.of("m", "first"), true);
        box.groupSend("elsewhere", Map.of("m", big), true);
        box.groupSend("elsewhere", Map.of("m", big), true); // 1,200+ bytes: "first", then the first big one, fall off

        assertEquals(List.of(), box.showHistory("replay"));
        assertEquals(1, box.showHistory("elsewhere").size());
        box.groupSend("replay", Map.of("m", "second"), true);

        try (TestClient client = TestClient.connect(server.port(), "/history/json/replay")) {
            String id = (String) client.nextJsonObject().get("id");
            box.showHistory("replay").forEach(entry -> box.sendTo(id, entry));
            assertEquals(Map.of("m", "second"), client.nextJsonObject());
        }
        assertEquals(List.of(2L), box.showHistory("replay").stream().map(HistoryEntry::sequence).toList(),
                "the room's numbering goes on after its history was emptied");
    }

    private static List<Long> numbers(List<HistoryEntry> history) {
        return history.stream().map(e -> Long.parseLong(e.json().replaceAll(".*\"n\":(\\d+).*", "$1"))).toList();
    }
}

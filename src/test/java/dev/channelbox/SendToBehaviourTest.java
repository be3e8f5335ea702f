package dev.channelbox;

import dev.channelbox.fixtures.GroupsFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ChannelBox.sendTo: targeted messages by channel id. */
class SendToBehaviourTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(GroupsFixtures.RoomMember.class, GroupsFixtures.Solo.class);
    static ChannelBox box;

    @BeforeAll
    static void start() {
        box = server.channelBox();
    }

    @Test
    void sendToAChannelInAGroupReachesOnlyThatClient() throws Exception {
        try (TestClient target = TestClient.connect(server.port(), "/groups/sendto-room");
             TestClient other = TestClient.connect(server.port(), "/groups/sendto-room")) {
            String id = idOf(target);
            idOf(other);
            assertEquals(SendStatus.QUEUED, box.sendTo(id, Map.of("private", "message")));
            assertEquals(Map.of("private", "message"), target.nextJsonObject());
            other.assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void sendToAChannelInNoGroupReachesIt() {
        try (TestClient solo = TestClient.connect(server.port(), "/groups-solo")) {
            String id = idOf(solo);
            assertEquals(SendStatus.QUEUED, box.sendTo(id, "just you"));
            assertEquals("\"just you\"", solo.nextText());
            for (int i = 0; i < 5; i++) {
                assertEquals(SendStatus.QUEUED, box.sendTo(id, Map.of("n", i)));
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("{\"n\":" + i + "}", solo.nextText(), "in the order sent");
            }
        }
    }

    @Test
    void sendToAnUnknownIdSaysNoSuchChannel() {
        assertEquals(SendStatus.NO_SUCH_CHANNEL, box.sendTo(UUID.randomUUID().toString(), Map.of("x", 1)));
        assertEquals(SendStatus.NO_SUCH_CHANNEL, box.sendTo("", "x"));
        assertEquals(SendStatus.NO_SUCH_CHANNEL, box.sendTo("not-a-uuid", "x"));
        assertTrue(box.channel("not-a-uuid").isEmpty());
    }

    @Test
    void sendToAClosedChannelSaysNoSuchChannelOnceItIsGone() {
        TestClient client = TestClient.connect(server.port(), "/groups/sendto-closed");
        String id = idOf(client);
        client.closeNormally();
        eventually("the closed channel is gone", () -> box.sendTo(id, "late") == SendStatus.NO_SUCH_CHANNEL);
        assertEquals(SendStatus.NO_SUCH_CHANNEL, box.sendTo(id, Map.of("still", "gone")));
        assertTrue(box.channel(id).isEmpty());
        client.close();
    }

    @Test
    void sendToADroppedChannelSaysNoSuchChannelOnceItIsGone() {
        TestClient client = TestClient.connect(server.port(), "/groups-solo");
        String id = idOf(client);
        client.abort();
        eventually("the dropped channel is gone", () -> box.sendTo(id, "late") == SendStatus.NO_SUCH_CHANNEL);
        assertTrue(box.channel(id).isEmpty());
    }
}

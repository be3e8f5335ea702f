package dev.channelbox;

import dev.channelbox.fixtures.AutoLeaveFixtures.Disconnect;
import dev.channelbox.fixtures.AutoLeaveFixtures.DisconnectLog;
import dev.channelbox.fixtures.AutoLeaveFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static dev.channelbox.fixtures.BehaviourTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A closed connection leaves its groups by itself: consumers after onDisconnect, handlers too. */
class AutoLeaveBehaviourTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(AutoLeaveFixtures.DisconnectLog.class, AutoLeaveFixtures.RoomConsumer.class, AutoLeaveFixtures.Handlers.class);
    static ChannelBox box;
    static DisconnectLog log;

    @BeforeAll
    static void start() {
        box = server.channelBox();
        log = server.select(DisconnectLog.class);
    }

    private static TestClient consumer(String room) {
        return TestClient.connect(server.port(), "/autoleave/" + room);
    }

    private static TestClient handler(String room) {
        return TestClient.connect(server.port(), "/autoleave-handler/" + room);
    }

    @Test
    void aConsumerWhoseClientClosesLeavesItsGroupAfterOnDisconnect() throws Exception {
        try (TestClient stays = consumer("leave-normal")) {
            String staysId = idOf(stays);
            TestClient leaves = consumer("leave-normal");
            String leavesId = idOf(leaves);
            assertEquals(Set.of(staysId, leavesId), ids(box.group("leave-normal")));

            leaves.closeNormally();

            // onDisconnect could still broadcast to the room, and still counted itself in it
            assertEquals(Map.of("left", leavesId, "count", BigDecimal.valueOf(2)), stays.nextJsonObject());
            eventually("onDisconnect ran", () -> log.of(leavesId) != null);
            assertEquals(new Disconnect(leavesId, 1000, 2, true), log.of(leavesId));

            // and afterwards it is no member any more
            eventually("the closed channel left the group", () -> ids(box.group("leave-normal")).equals(Set.of(staysId)),
                    () -> box.showGroups());
            eventually("the closed channel is forgotten", () -> box.channel(leavesId).isEmpty());
            assertEquals(new GroupSendResult(1, 0), box.groupSend("leave-normal", Map.of("after", "leave")));
            assertEquals(Map.of("after", "leave"), stays.nextJsonObject());
            stays.assertNothingWithin(Duration.ofMillis(50));
            leaves.close();
        }
        eventually("the last member left: the group is gone", () -> !box.showGroups().containsKey("leave-normal"));
    }

    @Test
    void aConsumerWhoseClientDropsTheConnectionLeavesItsGroupAfterOnDisconnect() {
        try (TestClient stays = consumer("leave-abort")) {
            String staysId = idOf(stays);
            TestClient drops = consumer("leave-abort");
            String dropsId = idOf(drops);

            drops.abort(); // TCP gone, no close frame

            assertEquals(Map.of("left", dropsId, "count", BigDecimal.valueOf(2)), stays.nextJsonObject());
            eventually("onDisconnect ran", () -> log.of(dropsId) != null);
            Disconnect seen = log.of(dropsId);
            assertEquals(1006, seen.closeCode(), "the peer vanished without a close frame: " + seen);
            assertEquals(2, seen.groupSizeSeen());
            assertEquals(true, seen.stillMember());

            eventually("the dropped channel left the group", () -> ids(box.group("leave-abort")).equals(Set.of(staysId)),
                    () -> box.showGroups());
            eventually("the dropped channel is forgotten", () -> box.channel(dropsId).isEmpty());
            assertEquals(new GroupSendResult(1, 0), box.groupSend("leave-abort", "still here"));
            assertEquals("\"still here\"", stays.nextText());
        }
    }

    @Test
    void aRouteHandlersChannelLeavesItsGroupWhenTheClientCloses() {
        TestClient first = handler("handler-room");
        TestClient second = handler("handler-room");
        String firstId = idOf(first);
        String secondId = idOf(second);
        assertEquals(Set.of(firstId, secondId), ids(box.group("handler-room")));
        Channel firstChannel = box.channel(firstId).orElseThrow();
        assertEquals(Set.of("handler-room"), firstChannel.groups());

        first.closeNormally();
        eventually("the closed handler channel left the group",
                () -> ids(box.group("handler-room")).equals(Set.of(secondId)), () -> box.showGroups());
        assertEquals(Set.of(), firstChannel.groups());
        assertFalse(firstChannel.isOpen());
        eventually("the closed handler channel is forgotten", () -> box.channel(firstId).isEmpty());
        assertEquals(new GroupSendResult(1, 0), box.groupSend("handler-room", Map.of("to", "second")));
        assertEquals(Map.of("to", "second"), second.nextJsonObject());

        second.abort();
        eventually("the dropped handler channel left: the group is gone",
                () -> !box.showGroups().containsKey("handler-room"), () -> box.showGroups());
        eventually("the dropped handler channel is forgotten", () -> box.channel(secondId).isEmpty());
        first.close();
        second.close();
    }

    @Test
    void aClosedChannelCannotJoinAgain() {
        TestClient client = handler("closed-join");
        String id = idOf(client);
        Channel channel = box.channel(id).orElseThrow();
        client.closeNormally();
        eventually("the channel is closed", () -> !channel.isOpen());
        assertEquals(JoinStatus.CHANNEL_CLOSED, box.addChannelToGroup(channel, "closed-join-later"));
        assertFalse(box.showGroups().containsKey("closed-join-later"));
        assertNotNull(channel.id());
        client.close();
    }
}

package dev.channelbox;

import dev.channelbox.fixtures.RecoveryFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.RecoveryScenarios;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recovery by position on one node (the in-memory broker), and what a positioned route answers to bad requests. */
class RecoveryBehaviourTest extends RecoveryScenarios {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(RecoveryFixtures.Config.class,
            RecoveryFixtures.Plain.class, RecoveryFixtures.Positioned.class);

    @Override
    protected ChannelBox sender() {
        return server.channelBox();
    }

    @Override
    protected int firstPort() {
        return server.port();
    }

    @Override
    protected int recoveryPort() {
        return server.port();
    }

    @Test
    void aFlushedHistoryStartsAnotherEpochAndAnOldPositionIsNotRecovered() {
        String room = room("flushed");
        sender().groupSend(room, Map.of("n", 1), true);
        Position before = lastPosition(room);
        sender().flushHistory(room);
        sender().groupSend(room, Map.of("n", 2), true);
        Recovery r = sender().historySince(room, before);
        assertEquals(false, r.recovered());
        assertEquals(1, r.missed().size());
        Position now = r.missed().get(0).position();
        assertTrue(!now.epoch().equals(before.epoch()), "a new epoch: " + now + " after " + before);
        try (TestClient back = TestClient.connect(server.port(), "/recovery/positioned/" + room + "?recover=" + room + "@" + before)) {
            assertEquals(Map.of("n", new BigDecimal(2)), data(back.nextJsonObject()));
            assertEquals(Map.of("channelbox", "recovery", "group", room, "recovered", false,
                    "position", now.toString(), "missed", BigDecimal.ONE), back.nextJsonObject());
        }
    }

    @Test
    void aRecoverMessageIsAppliedWhenTheApplicationJoinsTheGroup() {
        String room = room("asked");
        String side = room("side");
        sender().groupSend(side, Map.of("n", 1), true);
        Position before = lastPosition(side);
        sender().groupSend(side, Map.of("n", 2), true);
        try (TestClient c = TestClient.connect(server.port(), "/recovery/positioned/" + room)) {
            c.send("{\"channelbox\":\"recover\",\"group\":\"" + side + "\",\"position\":\"" + before + "\"}");
            c.send("{\"join\":\"" + side + "\"}");
            assertEquals(Map.of("n", new BigDecimal(2)), data(c.nextJsonObject()));
            Map<String, Object> outcome = c.nextJsonObject();
            assertEquals(true, outcome.get("recovered"), outcome.toString());
            assertEquals(Map.of("joined", "ADDED"), c.nextJsonObject());
        }
    }

    @Test
    void badRecoveryRequestsAreAnsweredWithAnErrorAndChangeNothingElse() throws Exception {
        String room = room("bad");
        try (TestClient c = TestClient.connect(server.port(), "/recovery/positioned/" + room
                + "?recover=nogroup&recover=" + room + "@not-a-position")) {
            assertError(c, "recover=nogroup: expected group@epoch:offset");
            assertError(c, "a position is epoch:offset, not \"not-a-position\"");
            c.send("{\"channelbox\":\"recover\",\"group\":\"x\"}");
            assertError(c, "a recover message has a string \"group\" and a string \"position\"");
            c.send("{\"channelbox\":\"subscribe\"}");
            assertError(c, "unknown message \"channelbox\":\"subscribe\"");
            c.send("{\"channelbox\": nonsense");
            assertError(c, "not a JSON object");
            c.send("{\"channelbox\":\"recover\",\"group\":\"" + room + "\",\"position\":\"ab:1\"}");
            assertError(c, "already in the group");
            awaitMembers(room, 1);
            sender().groupSend(room, "still here", false);
            assertEquals("still here", c.nextJsonObject().get("data"));
            c.send("{\"say\":1}");
            assertEquals(Map.of("echo", Map.of("say", BigDecimal.ONE)), c.nextJsonObject(), "other messages reach the application");
            c.assertNothingWithin(Duration.ofMillis(100));
        }
    }

    private static void assertError(TestClient c, String contained) {
        Map<String, Object> m = c.nextJsonObject();
        assertEquals("error", m.get("channelbox"), m.toString());
        assertTrue(((String) m.get("message")).contains(contained), m + " says " + contained);
    }
}

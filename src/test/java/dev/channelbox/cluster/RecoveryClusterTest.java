package dev.channelbox.cluster;

import dev.channelbox.ChannelBox;
import dev.channelbox.Position;
import dev.channelbox.Recovery;
import dev.channelbox.fixtures.RecoveryFixtures;
import dev.channelbox.testing.Cluster;
import dev.channelbox.testing.RecoveryScenarios;
import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestRedis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery by position with two nodes on one real Redis: messages are sent on node A, the client is
 * first on A and comes back on B. Positions are Redis's, so every node agrees on them; a Redis that
 * restarts empty starts another epoch, and a position of the old one is not recovered.
 */
class RecoveryClusterTest extends RecoveryScenarios {

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = new Cluster(TestRedis.shared(), RecoveryFixtures.SETTINGS,
                RecoveryFixtures.Plain.class, RecoveryFixtures.Positioned.class);
        cluster.start();
        cluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected ChannelBox sender() {
        return cluster.node(0).box();
    }

    @Override
    protected int firstPort() {
        return cluster.node(0).port();
    }

    @Override
    protected int recoveryPort() {
        return cluster.node(1).port();
    }

    @Test
    void aRedisThatRestartedEmptyStartsAnotherEpochAndAnOldPositionIsNotRecovered() throws Exception {
        try (TestRedis own = TestRedis.startPrivate();
             Cluster two = new Cluster(own, RecoveryFixtures.SETTINGS, RecoveryFixtures.Plain.class, RecoveryFixtures.Positioned.class)) {
            Cluster.Node a = two.start();
            Cluster.Node b = two.start();
            String room = room("restarted");
            assertTrue(a.box().groupSend(room, Map.of("n", 1), true).published());
            Position before = a.box().showHistory(room).get(0).position();
            own.stop();
            Thread.sleep(300);
            own.start(); // same port, no data
            ClusterOutageTest.awaitTrue(() -> a.box().groupSend(room, Map.of("n", 2), true).published(),
                    Duration.ofSeconds(8), "Redis is back for node A");
            // the send returns before Redis ran it: wait until node B reads it
            ClusterOutageTest.awaitTrue(() -> !b.box().historySince(room, before).missed().isEmpty(),
                    Duration.ofSeconds(8), "node B sees the message sent after the restart");
            Recovery r = b.box().historySince(room, before);
            assertFalse(r.recovered());
            assertNotEquals(before.epoch(), r.position().epoch(), "another epoch");
            try (TestClient back = TestClient.connect(b.port(), "/recovery/positioned/" + room + "?recover=" + room + "@" + before)) {
                Map<String, Object> first = back.nextJsonObject();
                while (!"recovery".equals(first.get("channelbox"))) { // n=2 (and more, if the wait sent more)
                    assertEquals(r.position().epoch(), position(first).epoch());
                    first = back.nextJsonObject();
                }
                assertEquals(false, first.get("recovered"), first.toString());
                assertNotEquals(new BigDecimal(0), first.get("missed"));
            }
        }
    }
}

package dev.channelbox.cluster;

import dev.channelbox.ChannelBox;
import dev.channelbox.fixtures.PresenceFixtures;
import dev.channelbox.testing.Cluster;
import dev.channelbox.testing.PresenceScenarios;
import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestRedis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Presence with two nodes on one real Redis: Ann on node A, Bob and Carl on node B. Joins and leaves
 * travel in the group's order like messages; a node that stops announces its members' leaves.
 */
class PresenceClusterTest extends PresenceScenarios {

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = new Cluster(TestRedis.shared(), b -> b, PresenceFixtures.Member.class, PresenceFixtures.Log.class);
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
    protected ChannelBox firstBox() {
        return cluster.node(0).box();
    }

    @Override
    protected int firstPort() {
        return cluster.node(0).port();
    }

    @Override
    protected int secondPort() {
        return cluster.node(1).port();
    }

    @Override
    protected PresenceFixtures.Log firstLog() {
        return cluster.node(0).server().select(PresenceFixtures.Log.class);
    }

    @Test
    void theMembersOfANodeThatStopsAreAnnouncedAsLeaving() throws Exception {
        Cluster.Node third = cluster.start();
        String room = room("node-stops");
        try (TestClient ann = TestClient.connect(firstPort(), "/presence/" + room + "?user=ann")) {
            ann.nextJsonObject();
            TestClient dave = TestClient.connect(third.port(), "/presence/" + room + "?user=dave");
            dave.nextJsonObject();
            assertEquals("join", ann.nextJsonObject().get("channelbox"));
            cluster.stop(third);
            Map<String, Object> left = ann.nextJsonObject();
            assertEquals("leave", left.get("channelbox"), left.toString());
            assertEquals(Map.of("user", "dave"), left.get("attributes"));
            awaitTrue(() -> firstLog().seen().contains("LEAVE " + room + " dave"), "node A's observers saw dave leave");
            dave.close();
        }
    }
}

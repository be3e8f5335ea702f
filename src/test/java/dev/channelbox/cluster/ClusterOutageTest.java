package dev.channelbox.cluster;

import dev.channelbox.BrokerEvent;
import dev.channelbox.GroupSendResult;
import dev.channelbox.SendStatus;
import dev.channelbox.fixtures.ClusterFixtures;
import dev.channelbox.testing.Cluster;
import dev.channelbox.testing.Resp;
import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestRedis;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node death and Redis outages, on a private Redis this test stops and restarts, with node B behind
 * a TCP proxy the test cuts: nothing hangs, nothing piles up, and after the outage every member that
 * stayed connected has every message exactly once, in order.
 */
class ClusterOutageTest {

    private TestRedis redis;
    private Cluster cluster;
    private Cluster.Node a;
    private Cluster.Node b;

    @BeforeEach
    void start() {
        redis = TestRedis.startPrivate();
        cluster = new Cluster(redis, builder -> builder, ClusterFixtures.Member.class, ClusterFixtures.Events.class);
        a = cluster.start(false);
        b = cluster.start(true);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** The channel id of the last client {@link #join} connected. */
    private String lastId;

    private TestClient join(Cluster.Node node, String room) {
        TestClient client = TestClient.connect(node.port(), "/cluster/" + room);
        Map<String, Object> hello = client.nextJsonObject();
        assertEquals("ADDED", hello.get("join"));
        lastId = (String) hello.get("id");
        return client;
    }

    @Test
    void aNodeThatDiesStopsBeingCountedWithinFifteenSecondsAndCountsAgainWhenBack() throws Exception {
        List<TestClient> onA = new ArrayList<>();
        List<TestClient> onB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            onA.add(join(a, "wake"));
            onB.add(join(b, "wake"));
        }
        assertEquals(10, a.box().group("wake").size());
        String idOnB = lastId; // the last client joined through B
        long cutAt = System.nanoTime();
        b.proxy().cut(); // B is gone for Redis: no heartbeat, no goodbye
        awaitTrue(() -> a.box().group("wake").size() == 5, Duration.ofSeconds(15), "B's members reaped");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cutAt);
        assertTrue(seconds <= 15, "reaped after " + seconds + " s");
        assertFalse(a.box().showGroups().get("wake").stream().anyMatch(c -> c.id().equals(idOnB)));
        assertEquals(SendStatus.NO_SUCH_CHANNEL, a.box().sendTo(idOnB, "anyone?"), "answers at once");
        // B comes back: it finds itself reaped and registers its members again within a heartbeat or two
        b.proxy().restore();
        awaitTrue(() -> a.box().group("wake").size() == 10, Duration.ofSeconds(8), "B's members counted again");
        assertEquals(SendStatus.QUEUED, a.box().sendTo(idOnB, "again"));
        onA.forEach(TestClient::close);
        onB.forEach(TestClient::close);
    }

    @Test
    void aTwoSecondCutLosesNothingForMembersThatStayed() throws Exception {
        outage(Duration.ofSeconds(2));
    }

    @Test
    void aTenSecondCutLosesNothingForMembersThatStayedAndCountsComeBack() throws Exception {
        outage(Duration.ofSeconds(10));
    }

    private void outage(Duration length) throws Exception {
        TestClient memberA = join(a, "blip");
        TestClient memberB = join(b, "blip");
        assertTrue(a.box().groupSend("blip", Map.of("n", 0)).published());
        assertEquals(Map.of("n", BigDecimal.ZERO), memberA.nextJsonObject());
        assertEquals(Map.of("n", BigDecimal.ZERO), memberB.nextJsonObject());

        b.proxy().cut();
        ClusterFixtures.Events eventsB = b.server().select(ClusterFixtures.Events.class);
        awaitTrue(() -> eventsB.any(BrokerEvent.Kind.UNREACHABLE, null), Duration.ofSeconds(3), "UNREACHABLE fired");
        assertEquals(HealthCheckResponse.Status.DOWN, readiness(b).getStatus(), "B's readiness during the outage");
        assertEquals(HealthCheckResponse.Status.UP, readiness(a).getStatus(), "A's readiness: A still reaches Redis");
        // the proxy closed both of B's connections at once; the event came with the first one B saw
        // drop: give it a moment for the other (a send before that would be in flight, not refused)
        Thread.sleep(200);
        long start = System.nanoTime();
        GroupSendResult local = b.box().groupSend("blip", Map.of("local", "only"));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(local.published(), "says it was not published");
        assertEquals(1, local.queued(), "reached B's own member");
        assertTrue(tookMillis <= 2_500, "did not block past the command timeout: " + tookMillis + " ms");
        assertEquals(Map.of("local", "only"), memberB.nextJsonObject());
        assertEquals(1, b.box().deliveryStats().unpublishedSends());

        for (int n = 1; n <= 50; n++) { // A publishes while B cannot hear
            assertTrue(a.box().groupSend("blip", Map.of("n", n)).published());
            assertEquals(Map.of("n", new BigDecimal(n)), memberA.nextJsonObject());
        }
        Thread.sleep(length.toMillis());
        b.proxy().restore();
        long restoredAt = System.nanoTime();
        for (int n = 1; n <= 50; n++) {
            assertEquals(Map.of("n", new BigDecimal(n)), memberB.nextJsonObject(), "in order, none lost");
        }
        long replayMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt);
        assertTrue(replayMillis < 3_000, "replayed " + replayMillis + " ms after the link came back");
        assertTrue(a.box().groupSend("blip", Map.of("n", 51)).published());
        assertEquals(Map.of("n", new BigDecimal(51)), memberB.nextJsonObject());
        memberB.assertNothingWithin(Duration.ofMillis(300)); // none twice
        awaitTrue(() -> eventsB.any(BrokerEvent.Kind.RESTORED, null), Duration.ofSeconds(2), "RESTORED fired");
        HealthCheckResponse ready = readiness(b);
        assertEquals(HealthCheckResponse.Status.UP, ready.getStatus(), "B's readiness after the outage");
        assertEquals("redis", ready.getData().orElseThrow().get("broker"));
        awaitTrue(() -> a.box().group("blip").size() == 2, Duration.ofSeconds(4), "counts right again");
        assertEquals(0, b.box().deliveryStats().lostPublications());
        memberA.close();
        memberB.close();
    }

    @Test
    void aKilledPubSubConnectionIsResubscribedWithinASecond() throws Exception {
        TestClient memberB = join(b, "resub");
        try (Resp admin = redis.connect()) {
            Object killed = admin.call("CLIENT", "KILL", "TYPE", "pubsub");
            assertTrue(((Long) killed) >= 2, "both nodes' subscriber connections killed: " + killed);
        }
        long killedAt = System.nanoTime();
        assertTrue(a.box().groupSend("resub", Map.of("n", 1)).published()); // may be sent while B resubscribes
        Thread.sleep(1_000);
        assertTrue(a.box().groupSend("resub", Map.of("n", 2)).published());
        assertEquals(Map.of("n", BigDecimal.ONE), memberB.nextJsonObject());
        assertEquals(Map.of("n", new BigDecimal(2)), memberB.nextJsonObject());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertTrue(millis < 1_500, "both within " + millis + " ms of the kill");
        memberB.assertNothingWithin(Duration.ofMillis(300));
        memberB.close();
    }

    @Test
    void aRedisRestartedEmptyChangesTheEpochAndTheNodesRegisterAgain() throws Exception {
        TestClient memberA = join(a, "epoch");
        TestClient memberB = join(b, "epoch");
        assertTrue(a.box().groupSend("epoch", "before").published());
        assertEquals("\"before\"", memberA.nextText());
        assertEquals("\"before\"", memberB.nextText());
        redis.stop();
        Thread.sleep(500);
        redis.start(); // same port, no data
        awaitTrue(() -> a.box().group("epoch").size() == 2, Duration.ofSeconds(8), "memberships registered again");
        assertTrue(a.box().groupSend("epoch", "after").published());
        assertEquals("\"after\"", memberA.nextText());
        assertEquals("\"after\"", memberB.nextText());
        ClusterFixtures.Events eventsB = b.server().select(ClusterFixtures.Events.class);
        awaitTrue(() -> eventsB.any(BrokerEvent.Kind.EPOCH_CHANGED, "epoch"), Duration.ofSeconds(2), "EPOCH_CHANGED on B");
        memberA.close();
        memberB.close();
    }

    /** The node's MicroProfile Health readiness check, called as a health endpoint would. */
    private static HealthCheckResponse readiness(Cluster.Node node) {
        return node.server().select(HealthCheck.class, Readiness.Literal.INSTANCE).call();
    }

    static void awaitTrue(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within.toMillis() + " ms");
            }
            Thread.sleep(20);
        }
    }
}

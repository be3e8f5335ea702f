package dev.channelbox;

import dev.channelbox.fixtures.ExpiryFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static dev.channelbox.fixtures.BehaviourTestSupport.ids;
import static dev.channelbox.fixtures.ExpiryFixtures.EXPIRES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expiry by the background sweep (every 100 ms here), with nobody calling cleanExpired. */
class ExpiryBehaviourTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(ExpiryFixtures.FastSweepConfig.class, ExpiryFixtures.Expiring.class, ExpiryFixtures.NeverExpiring.class);
    static ChannelBox box;

    @BeforeAll
    static void start() {
        box = server.channelBox();
    }

    @Test
    void anIdleChannelIsClosedByTheBackgroundSweepAndLeavesItsGroup() {
        try (TestClient stays = TestClient.connect(server.port(), "/expiry-never")) {
            String staysId = idOf(stays);
            long before = System.nanoTime();
            TestClient idle = TestClient.connect(server.port(), "/expiry/idle-room");
            String id = idOf(idle);
            Channel channel = box.channel(id).orElseThrow();
            assertEquals(Optional.of(EXPIRES), channel.expires());
            assertEquals(Set.of(id), ids(box.group("idle-room")));

            TestClient.Close close = idle.awaitClose();
            long elapsedMs = Duration.ofNanos(System.nanoTime() - before).toMillis();
            assertEquals(new TestClient.Close(1001, "channel expired"), close);
            assertTrue(elapsedMs >= EXPIRES.toMillis(), "closed after " + elapsedMs + " ms, before it expired");
            assertTrue(elapsedMs < 3_000, "closed only after " + elapsedMs + " ms with a sweep every 100 ms");

            eventually("the expired channel left its group", () -> box.group("idle-room").isEmpty(), () -> box.showGroups());
            assertFalse(box.showGroups().containsKey("idle-room"));
            eventually("the expired channel is forgotten", () -> box.channel(id).isEmpty());
            assertEquals(SendStatus.NO_SUCH_CHANNEL, box.sendTo(id, "anyone?"));
            // a channel without expiry is left alone
            assertTrue(box.channel(staysId).orElseThrow().isOpen());
            assertFalse(stays.isClosed());
            idle.close();
        }
    }

    @Test
    void aChannelThatKeepsSendingDoesNotExpire() throws Exception {
        TestClient active = TestClient.connect(server.port(), "/expiry/active-room");
        TestClient idle = TestClient.connect(server.port(), "/expiry/active-room");
        String activeId = idOf(active);
        idOf(idle);

        // three times the expiry, a message every 100 ms: the sweep runs about 9 times meanwhile
        long end = System.nanoTime() + EXPIRES.multipliedBy(3).toNanos();
        while (System.nanoTime() < end) {
            active.send("{\"ping\":true}");
            Thread.sleep(100);
        }
        assertEquals(new TestClient.Close(1001, "channel expired"), idle.awaitClose(),
                "the idle channel of the same route expired meanwhile");
        assertFalse(active.isClosed(), "the active channel was closed");
        assertTrue(box.channel(activeId).orElseThrow().isOpen());
        eventually("only the active channel is left in the room",
                () -> ids(box.group("active-room")).equals(Set.of(activeId)), () -> box.showGroups());

        // once it stops, it expires too
        assertEquals(new TestClient.Close(1001, "channel expired"), active.awaitClose());
        eventually("the room is gone", () -> !box.showGroups().containsKey("active-room"));
        active.close();
        idle.close();
    }

    @Test
    void outboundMessagesCountAsActivity() throws Exception {
        TestClient receiving = TestClient.connect(server.port(), "/expiry/outbound-room");
        String id = idOf(receiving);
        long end = System.nanoTime() + EXPIRES.multipliedBy(3).toNanos();
        int sent = 0;
        while (System.nanoTime() < end) {
            assertEquals(SendStatus.QUEUED, box.sendTo(id, "tick " + sent++));
            Thread.sleep(100);
        }
        assertFalse(receiving.isClosed(), "a channel that is sent to is active");
        for (int i = 0; i < sent; i++) {
            assertEquals("\"tick " + i + "\"", receiving.nextText());
        }
        assertEquals(new TestClient.Close(1001, "channel expired"), receiving.awaitClose());
        receiving.close();
    }
}

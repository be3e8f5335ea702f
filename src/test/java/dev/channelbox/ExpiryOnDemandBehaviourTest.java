package dev.channelbox;

import dev.channelbox.fixtures.ExpiryFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Set;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static dev.channelbox.fixtures.BehaviourTestSupport.ids;
import static dev.channelbox.fixtures.ExpiryFixtures.EXPIRES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * cleanExpired() on demand, with the background sweep out of the way (once an hour) and the engine's
 * time moved by hand: inactivity is what expiry measures, and the test makes it pass at once.
 */
class ExpiryOnDemandBehaviourTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(ExpiryFixtures.NoBackgroundSweepConfig.class, ExpiryFixtures.HandMovedTicker.class,
                    ExpiryFixtures.Expiring.class, ExpiryFixtures.NeverExpiring.class);
    static ChannelBox box;
    static ExpiryFixtures.HandMovedTicker time;

    @BeforeAll
    static void start() {
        box = server.channelBox();
        time = server.select(ExpiryFixtures.HandMovedTicker.class);
    }

    @Test
    void cleanExpiredClosesTheExpiredChannelsAndReturnsHowMany() throws Exception {
        TestClient a = TestClient.connect(server.port(), "/expiry/on-demand");
        TestClient b = TestClient.connect(server.port(), "/expiry/on-demand");
        TestClient never = TestClient.connect(server.port(), "/expiry-never");
        idOf(a);
        idOf(b);
        String neverId = idOf(never);

        assertEquals(0, box.cleanExpired(), "nothing has expired yet");

        // inactivity is what expiry measures: let more than the expiry pass with nothing sent
        time.advance(EXPIRES.plusMillis(200));
        assertFalse(a.isClosed(), "no background sweep closed it");

        assertEquals(2, box.cleanExpired());
        assertEquals(new TestClient.Close(1001, "channel expired"), a.awaitClose());
        assertEquals(new TestClient.Close(1001, "channel expired"), b.awaitClose());
        eventually("the expired channels left their group", () -> !box.showGroups().containsKey("on-demand"));
        assertFalse(never.isClosed());
        assertEquals(0, box.cleanExpired(), "nothing left to close");
        assertEquals(Set.of(), ids(box.group("on-demand")));
        never.assertNothingWithin(Duration.ofMillis(50));
        assertEquals(neverId, box.channel(neverId).orElseThrow().id());
        a.close();
        b.close();
        never.close();
    }

    @Test
    void aChannelIsCountedOnceEvenIfCleanExpiredRunsAgainBeforeItHasClosed() throws Exception {
        TestClient a = TestClient.connect(server.port(), "/expiry/count-once");
        idOf(a);
        time.advance(EXPIRES.plusMillis(200));

        int first = box.cleanExpired();
        int second = box.cleanExpired(); // at once: the close handshake is most likely still under way
        assertEquals(1, first);
        assertEquals(0, second, "cleanExpired() returns how many channels it closed: the second call closed none");
        assertEquals(new TestClient.Close(1001, "channel expired"), a.awaitClose());
        a.close();
    }
}

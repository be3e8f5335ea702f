package dev.channelbox;

import dev.channelbox.fixtures.PresenceFixtures;
import dev.channelbox.fixtures.RecoveryFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.PresenceScenarios;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presence on one node, and what routes without it see. */
class PresenceBehaviourTest extends PresenceScenarios {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(PresenceFixtures.Member.class,
            PresenceFixtures.Log.class, RecoveryFixtures.Positioned.class);

    @Override
    protected ChannelBox firstBox() {
        return server.channelBox();
    }

    @Override
    protected int firstPort() {
        return server.port();
    }

    @Override
    protected int secondPort() {
        return server.port();
    }

    @Override
    protected PresenceFixtures.Log firstLog() {
        return server.select(PresenceFixtures.Log.class);
    }

    @Test
    void aPositionedRouteWithoutPresenceGetsNoPresenceFrames() throws Exception {
        String room = room("quiet");
        try (TestClient positioned = TestClient.connect(server.port(), "/recovery/positioned/" + room);
             TestClient ann = TestClient.connect(server.port(), "/presence/" + room + "?user=ann")) {
            assertEquals("members", ann.nextJsonObject().get("channelbox"));
            firstBox().groupSend(room, "hello", false);
            assertEquals("hello", positioned.nextJsonObject().get("data"), "the message, and no join before it");
            positioned.assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void attributesAreBounded() {
        try (TestClient ann = TestClient.connect(server.port(), "/presence/bounds?user=ann")) {
            ann.nextJsonObject();
            Channel c = firstBox().group("bounds").iterator().next();
            Map<String, String> many = new HashMap<>();
            for (int i = 0; i <= Channel.MAX_ATTRIBUTES; i++) {
                many.put("a" + i, "v");
            }
            assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setAttributes(many)).getMessage()
                    .contains("at most " + Channel.MAX_ATTRIBUTES));
            assertThrows(IllegalArgumentException.class, () -> c.setAttributes(Map.of("", "v")));
            assertThrows(IllegalArgumentException.class, () -> c.setAttributes(Map.of("n", "v".repeat(257))));
            assertEquals(Map.of("user", "ann"), c.attributes(), "unchanged");
            assertThrows(UnsupportedOperationException.class, () -> c.attributes().put("x", "y"));
        }
    }
}

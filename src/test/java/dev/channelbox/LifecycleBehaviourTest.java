package dev.channelbox;

import dev.channelbox.fixtures.LifecycleFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The lifecycle rules of the WebSocket and WebSocketConsumer Javadoc, as a client sees them. */
class LifecycleBehaviourTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(LifecycleFixtures.NotAccepting.class, LifecycleFixtures.Echo.class, LifecycleFixtures.Handlers.class, LifecycleFixtures.DestroyLog.class, LifecycleFixtures.JoinThenClose.class, LifecycleFixtures.JoinThenThrow.class);
    static ChannelBox box;
    static LifecycleFixtures.DestroyLog destroyLog;

    @BeforeAll
    static void start() {
        box = server.channelBox();
        destroyLog = server.select(LifecycleFixtures.DestroyLog.class);
    }

    private static TestClient connect(String path) {
        return TestClient.connect(server.port(), path);
    }

    @Test
    void aConsumerThatDoesNotAcceptIsClosedWith1008() {
        try (TestClient c = connect("/lifecycle/no-accept")) {
            assertEquals(new TestClient.Close(1008, "connection not accepted"), c.awaitClose());
        }
    }

    @Test
    void aHandlerThatReturnsWithoutAcceptingClosesWith1008() {
        try (TestClient c = connect("/lifecycle/handler-no-accept")) {
            assertEquals(new TestClient.Close(1008, "connection not accepted"), c.awaitClose());
        }
    }

    @Test
    void aHandlerThatReturnsAfterAcceptingClosesWith1000AfterItsMessages() {
        try (TestClient c = connect("/lifecycle/handler-accept-return")) {
            assertEquals("bye", c.nextText());
            assertEquals(1000, c.awaitClose().code());
        }
    }

    @Test
    void aHandlerThatThrowsClosesWith1011() {
        try (TestClient c = connect("/lifecycle/handler-throws")) {
            c.send("go");
            assertEquals(1011, c.awaitClose().code());
        }
    }

    @Test
    void anExceptionInOnReceiveClosesThatConnectionWith1011AndNoOther() {
        try (TestClient failing = connect("/lifecycle/echo"); TestClient other = connect("/lifecycle/echo")) {
            other.send("{\"n\":1}");
            assertEquals("{\"n\":1}", other.nextText());

            failing.send("{\"cmd\":\"boom\"}");
            assertEquals(1011, failing.awaitClose().code());

            other.send("{\"n\":2}");
            assertEquals("{\"n\":2}", other.nextText());
            assertFalse(other.isClosed());
            // and the route still takes new connections
            try (TestClient later = connect("/lifecycle/echo")) {
                later.send("{\"n\":3}");
                assertEquals("{\"n\":3}", later.nextText());
            }
        }
    }

    @Test
    void aBinaryFrameToAJsonConsumerClosesWith1003() {
        try (TestClient c = connect("/lifecycle/echo")) {
            c.sendBytes(new byte[] {1, 2, 3});
            assertEquals(1003, c.awaitClose().code());
        }
    }

    @Test
    void invalidJsonIsAnsweredWithAnErrorAndTheConnectionStaysOpen() {
        try (TestClient c = connect("/lifecycle/echo")) {
            c.send("{not json");
            assertEquals(Map.of("status", "error", "message", "Invalid JSON"), c.nextJsonObject());
            c.send("{\"truncated\":");
            assertEquals(Map.of("status", "error", "message", "Invalid JSON"), c.nextJsonObject());

            c.send("{\"still\":\"open\"}");
            assertEquals("{\"still\":\"open\"}", c.nextText());
            assertFalse(c.isClosed());
        }
    }

    @Test
    void jsonOfTheWrongShapeForTheConsumersTypeIsInvalidToo() {
        try (TestClient c = connect("/lifecycle/echo")) { // a Map<String, Object> consumer
            c.send("[1, 2]");
            assertEquals(Map.of("status", "error", "message", "Invalid JSON"), c.nextJsonObject());
            c.send("42");
            assertEquals(Map.of("status", "error", "message", "Invalid JSON"), c.nextJsonObject());
            c.send(" {\"ok\":true}");
            assertEquals("{\"ok\":true}", c.nextText());
        }
    }

    @Test
    void aConnectionRefusedByNotAcceptingIsForgotten() {
        try (TestClient c = connect("/lifecycle/no-accept")) {
            assertEquals(1008, c.awaitClose().code());
        }
        // no client is connected any more (every test closes its clients), so nothing is left to close
        eventually("the refused connection is forgotten", () -> box.closeAllConnections() == 0);
    }

    @Test
    void aConsumerThatClosesInOnConnectLeavesItsGroupAndIsDestroyedAfterOnConnectReturned() {
        try (TestClient c = connect("/lifecycle/join-then-close/closing-room")) {
            String id = idOf(c);
            assertEquals(new TestClient.Close(4000, "room full"), c.awaitClose());
            eventually("the closed channel left its group", () -> !box.showGroups().containsKey("closing-room"),
                    () -> box.showGroups());
            eventually("the closed channel is forgotten", () -> box.channel(id).isEmpty());
            eventually("@PreDestroy ran", () -> destroyLog.wasDestroyed(id));
            assertFalse(destroyLog.wasDestroyedInsideOnConnect(id),
                    "the consumer was destroyed while its onConnect still ran (one call at a time)");
        }
    }

    @Test
    void aConsumerThatThrowsInOnConnectIsClosedWith1011LeavesItsGroupAndIsDestroyed() {
        try (TestClient c = connect("/lifecycle/join-then-throw/throwing-room")) {
            String id = idOf(c);
            assertEquals(1011, c.awaitClose().code());
            eventually("the closed channel left its group", () -> !box.showGroups().containsKey("throwing-room"),
                    () -> box.showGroups());
            eventually("the closed channel is forgotten", () -> box.channel(id).isEmpty());
            eventually("@PreDestroy ran", () -> destroyLog.wasDestroyed(id));
        }
    }
}

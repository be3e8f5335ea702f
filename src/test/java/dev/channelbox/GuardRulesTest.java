package dev.channelbox;

import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.RawClient;
import dev.channelbox.testing.TestClient;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Map;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each guard rule on a tiny route of its own. */
class GuardRulesTest {

    /** Joins the room in the path and tells the client how that went. */
    @WebSocketRoute(value = "/capped/{room}", maxGroupMembers = 2)
    public static class Capped extends WebSocketConsumer<String> {
        @Override
        public void onConnect(WebSocket ws) {
            ws.accept();
            ws.sendText(joinGroup(ws.pathParams().get("room")).name());
        }
    }

    @WebSocketRoute(value = "/strict", rateLimit = 5, rateBurst = 5, rateLimitAction = RateLimitAction.CLOSE)
    public static class Strict extends WebSocketConsumer<String> {
        @Override
        public void onReceive(WebSocket ws, String data) {
            ws.sendText(data);
        }
    }

    @WebSocketRoute(value = "/few", maxConnectionsPerAddress = 2)
    public static class Few extends WebSocketConsumer<String> {
    }

    @WebSocketRoute(value = "/members", authenticated = true)
    public static class MembersOnly extends WebSocketConsumer<String> {
    }

    @WebSocketRoute(value = "/broken-guard", guard = ThrowingGuard.class)
    public static class BrokenGuard extends WebSocketConsumer<String> {
    }

    @ApplicationScoped
    public static class ThrowingGuard implements HandshakeGuard {
        @Override
        public Verdict check(Handshake handshake) {
            throw new IllegalStateException("thrown on purpose by GuardRulesTest.ThrowingGuard");
        }
    }

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(Capped.class, Strict.class, Few.class, MembersOnly.class, BrokenGuard.class, ThrowingGuard.class);

    @Test
    void joiningAFullGroupReturnsGroupFull() {
        try (TestClient a = TestClient.connect(server.port(), "/capped/r");
             TestClient b = TestClient.connect(server.port(), "/capped/r");
             TestClient c = TestClient.connect(server.port(), "/capped/r")) {
            assertEquals("ADDED", a.nextText());
            assertEquals("ADDED", b.nextText());
            assertEquals("GROUP_FULL", c.nextText());
            assertEquals(2, server.channelBox().group("r").size());
        }
    }

    @Test
    void overTheRateLimitWithTheCloseActionCloses1008() {
        try (TestClient c = TestClient.connect(server.port(), "/strict")) {
            for (int i = 0; i < 20 && c.sendIfOpen("m" + i); i++) {
                // the server closes once the burst is spent, perhaps before all 20 have been sent
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("m" + i, c.nextText(), "the burst gets through");
            }
            TestClient.Close close = c.awaitClose();
            assertEquals(1008, close.code());
            assertEquals("rate limit exceeded", close.reason());
        }
    }

    @Test
    void connectionsBeyondThePerAddressCapAreClosed1008() {
        try (TestClient a = TestClient.connect(server.port(), "/few");
             TestClient b = TestClient.connect(server.port(), "/few");
             TestClient c = TestClient.connect(server.port(), "/few")) {
            TestClient.Close close = c.awaitClose();
            assertEquals(1008, close.code());
            assertEquals("too many connections", close.reason());
            assertTrue(!a.isClosed() && !b.isClosed());
        }
        eventually("the cap is released with the connections", () -> server.channelBox().deliveryStats().connections() == 0);
        try (TestClient again = TestClient.connect(server.port(), "/few")) {
            again.closeNormally();
            assertEquals(1000, again.awaitClose().code());
        }
    }

    @Test
    void anAuthenticatedRouteRefusesAnonymousClientsWith401() {
        IOException e = assertThrows(IOException.class, () -> RawClient.connect(server.port(), "/members", 0, Map.of()));
        assertTrue(e.getMessage().contains(" 401 "), e.getMessage());
    }

    @Test
    void aGuardThatThrowsRefusesWith403() {
        IOException e = assertThrows(IOException.class, () -> RawClient.connect(server.port(), "/broken-guard", 0, Map.of()));
        assertTrue(e.getMessage().contains(" 403 "), e.getMessage());
    }
}

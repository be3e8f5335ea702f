package dev.channelbox;

import dev.channelbox.demo.DemoServer;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.RawClient;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's guards, as a client meets them. */
class GuardsTest {

    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final Map<String, String> TOKEN = Map.of("Authorization", "Bearer demo-token");

    @RegisterExtension
    static final InProcessServer server = InProcessServer.startedBy(() -> DemoServer.start("127.0.0.1", 0));

    private static String room() {
        return "guarded-" + ROOMS.incrementAndGet();
    }

    private static String refusal(String path, Map<String, String> headers) {
        IOException e = assertThrows(IOException.class, () -> RawClient.connect(server.port(), path, 0, headers).close());
        return e.getMessage();
    }

    @Test
    void aClientWithoutTheTokenIsRefusedWith401AndSeesNothingOfTheRoom() throws Exception {
        String room = room();
        try (TestClient member = TestClient.connect(server.port(), "/secure/" + room, TOKEN)) {
            assertEquals("demo-user joined " + room, member.nextJsonObject().get("message"));

            assertTrue(refusal("/secure/" + room, Map.of()).contains(" 401 "), "no token");
            assertTrue(refusal("/secure/" + room, Map.of("Authorization", "Bearer wrong")).contains(" 401 "), "wrong token");
            assertTrue(refusal("/secure/" + room + "?token=nope", Map.of()).contains(" 401 "), "wrong query token");

            member.assertNothingWithin(Duration.ofMillis(300)); // no join, no message from the refused
            assertEquals(1, server.channelBox().group(room).size());
        }
    }

    @Test
    void theTokenInTheQueryStringIsAcceptedForBrowsers() {
        String room = room();
        try (TestClient c = TestClient.connect(server.port(), "/secure/" + room + "?token=demo-token")) {
            assertEquals("demo-user joined " + room, c.nextJsonObject().get("message"));
            c.send("{\"message\":\"hi\"}");
            Map<String, Object> chat = c.nextJsonObject();
            assertEquals("demo-user", chat.get("user"), "the guard's identity is the connection's principal");
            assertEquals("hi", chat.get("message"));
        }
    }

    @Test
    void aForeignOriginIsRefusedWith403() throws Exception {
        String room = room();
        assertTrue(refusal("/chat/" + room, Map.of("Origin", "http://evil.example")).contains(" 403 "));
        assertTrue(refusal("/chat/" + room, Map.of("Origin", "https://localhost:8080")).contains(" 403 "), "scheme matters");
        try (RawClient ok = RawClient.connect(server.port(), "/chat/" + room, 0, Map.of("Origin", "http://localhost:5173"))) {
            assertTrue(ok.readFrame().text().contains("joined the chat"), "an allowed origin, any port");
        }
        // routes without an allowlist accept only their own origin
        assertTrue(refusal("/ws", Map.of("Origin", "http://evil.example")).contains(" 403 "));
        try (RawClient same = RawClient.connect(server.port(), "/ws", 0, Map.of("Origin", "http://127.0.0.1:" + server.port()))) {
            same.sendText("hi");
            assertEquals("You said: hi", same.readFrame().text());
        }
    }

    @Test
    void anOversizeMessageClosesWith1009WhileOtherMembersCarryOn() {
        String room = room();
        try (TestClient a = TestClient.connect(server.port(), "/chat/" + room + "?username=a")) {
            a.nextJsonObject(); // a joined: read before b connects, so b never sees a's join
            try (TestClient b = TestClient.connect(server.port(), "/chat/" + room + "?username=b")) {
                a.nextJsonObject();
                assertEquals("b joined the chat", b.nextJsonObject().get("message"));
                char[] big = new char[64 * 1024 + 1];
                Arrays.fill(big, 'x');
                a.send("{\"type\":\"message\",\"content\":\"" + new String(big) + "\"}");
                assertEquals(1009, a.awaitClose().code());
                assertEquals("a left the chat", b.nextJsonObject().get("message"));
                b.send("{\"type\":\"message\",\"content\":\"still here\"}");
                assertEquals("still here", b.nextJsonObject().get("message"));
            }
        }
    }

    @Test
    void aBurstOverTheRateLimitIsAnsweredWithErrorsAndTheConnectionStays() {
        String room = room();
        try (TestClient c = TestClient.connect(server.port(), "/chat/" + room + "?username=fast")) {
            c.nextJsonObject(); // joined
            for (int i = 0; i < 80; i++) {
                c.send("{\"type\":\"ignored\"}"); // not broadcast: only rate-limit errors come back
            }
            int errors = 0;
            try {
                while (true) {
                    Map<String, Object> m = c.nextJsonObject();
                    assertEquals(Map.of("type", "error", "message", "rate limit exceeded"), m);
                    errors++;
                    if (errors == 30) {
                        break;
                    }
                }
            } catch (AssertionError noMore) {
                // fewer than 30: checked below
            }
            // 80 sent at once, a burst of 40 allowed, 20/s refilled over the time it took to send
            assertTrue(errors >= 20 && errors <= 40, errors + " error replies");
            assertFalse(c.isClosed());
        }
    }

    @Test
    void jsonNestedTooDeepOrWithAHugeNumberIsInvalidAndHarmless() {
        try (TestClient c = TestClient.connect(server.port(), "/safe")) {
            c.send("[".repeat(30_000) + "]".repeat(30_000)); // 60 KB: under the size limit
            assertEquals(Map.of("status", "error", "message", "Invalid JSON"), c.nextJsonObject());
            c.send("{\"n\":" + "9".repeat(50_000) + "}");
            assertEquals(Map.of("status", "error", "message", "Invalid JSON"), c.nextJsonObject());
            c.send("{\"ok\":1}");
            assertEquals("success", c.nextJsonObject().get("status"));
        }
    }

    @Test
    void theServerStillServesNewClientsAfterTheGuardsRefusedSome() throws Exception {
        for (int i = 0; i < 20; i++) {
            refusal("/secure/x", Map.of());
        }
        eventually("no refused connection lingers", () -> server.channelBox().deliveryStats().connections() == 0,
                () -> server.channelBox().deliveryStats());
        try (TestClient c = TestClient.connect(server.port(), "/ws")) {
            c.send("after");
            assertEquals("You said: after", c.nextText());
        }
    }
}

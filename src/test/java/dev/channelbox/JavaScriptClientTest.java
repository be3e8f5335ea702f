package dev.channelbox;

import dev.channelbox.fixtures.PresenceFixtures;
import dev.channelbox.fixtures.RecoveryFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.NodeClient;
import dev.channelbox.testing.RawHttp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * channelbox.js, as the standalone server serves it, in a real JavaScript runtime (Node): it keeps the
 * members, and when the server drops its connection it reconnects and gets every message it missed
 * exactly once, in order.
 */
class JavaScriptClientTest {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(RecoveryFixtures.Config.class,
            PresenceFixtures.Member.class, PresenceFixtures.Log.class);

    @Test
    void theStandaloneServerServesTheClient() throws Exception {
        RawHttp.Response r = RawHttp.exchange(server.port(),
                "GET /channelbox.js HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", false);
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/javascript"), r.toString());
        assertTrue(r.body().contains("ChannelBox.prototype"), "the client");
        assertTrue(r.body().length() < 10_000, "small: " + r.body().length() + " bytes");
    }

    @Test
    void aDroppedClientReconnectsAndGetsEveryMessageOnceInOrder() throws Exception {
        String room = "js-" + Long.toHexString(System.nanoTime());
        ChannelBox box = server.channelBox();
        try (NodeClient js = NodeClient.start(server.port(), "/presence/" + room + "?user=js")) {
            assertEquals("open", js.next().get("ev"));
            assertEquals(List.of("js"), js.next("members").get("users"));
            for (int i = 1; i <= 10; i++) {
                box.groupSend(room, Map.of("n", i), true);
            }
            List<Long> got = new ArrayList<>();
            while (got.size() < 10) {
                got.add(n(js.next("message")));
            }
            Channel channel = box.group(room).iterator().next();
            channel.close(1012, "restarting");
            awaitEmpty(box, room);
            for (int i = 11; i <= 60; i++) { // while it is away
                box.groupSend(room, Map.of("n", i), true);
            }
            Map<String, Object> closed = js.next("close");
            assertEquals(new BigDecimal(1012), closed.get("code"));
            assertEquals(true, closed.get("reconnecting"));
            Map<String, Object> e;
            while (!"recovery".equals((e = js.next()).get("ev"))) {
                if ("message".equals(e.get("ev"))) {
                    got.add(n(e));
                }
            }
            assertEquals(true, e.get("recovered"), e.toString());
            assertEquals(new BigDecimal(50), e.get("missed"));
            box.groupSend(room, Map.of("n", 61), true);
            got.add(n(js.next("message")));
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= 61; i++) {
                expected.add(i);
            }
            assertEquals(expected, got);
        }
    }

    @SuppressWarnings("unchecked")
    private static long n(Map<String, Object> event) {
        return ((BigDecimal) ((Map<String, Object>) event.get("data")).get("n")).longValue();
    }

    private static void awaitEmpty(ChannelBox box, String room) throws InterruptedException {
        for (int i = 0; i < 500 && !box.group(room).isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertTrue(box.group(room).isEmpty(), "the dropped client left");
    }
}

package dev.channelbox;

import dev.channelbox.demo.DemoServer;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.RawClient;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 random frames (random bytes, truncated and deeply nested JSON, huge numbers, invalid UTF-8,
 * reserved opcodes) against every demo route; afterwards the server serves new clients normally and
 * no connection or group is left behind. The seed is printed and can be set with
 * {@code -Dfuzz.seed=...} to replay a run.
 */
class FuzzTest {

    private enum Kind { RANDOM_BYTES, TRUNCATED_JSON, DEEP_JSON, HUGE_NUMBER, INVALID_UTF8, VALID_JSON, GARBAGE_TEXT, RESERVED_OPCODE }

    private static final List<String> ROUTES = List.of("/ws", "/bytes", "/chat", "/info", "/info/fz", "/safe",
            "/room/fz", "/consumer/fz", "/chat/fz?username=fuzz", "/secure/fz?token=demo-token");

    private static final String SAMPLE = "{\"type\":\"message\",\"content\":\"hello\",\"user\":\"u\",\"message\":\"m\",\"n\":[1,2.5,-3e4,true,null]}";

    @Test
    void tenThousandRandomFramesLeaveTheServerServingAndNothingLeaked() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzTest seed: " + seed);
        Random random = new Random(seed);
        Map<Kind, Integer> sent = new EnumMap<>(Kind.class);
        int frames = 0;
        int connections = 0;
        int hungUp = 0;    // connections the server closed under the client while it was sending
        int survived = 0;  // connections that took their whole burst
        try (ChannelBoxServer server = DemoServer.start("127.0.0.1", 0)) {
            while (frames < 10_000) {
                String route = ROUTES.get(random.nextInt(ROUTES.size()));
                RawClient client = RawClient.connect(server.port(), route);
                connections++;
                int burst = 1 + random.nextInt(60);
                try {
                    for (int i = 0; i < burst && frames < 10_000; i++) {
                        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                        send(client, kind, random);
                        sent.merge(kind, 1, Integer::sum);
                        frames++;
                    }
                    survived++;
                } catch (IOException closedByTheServer) {
                    // 1003, 1007, 1002 ...: the server hung up on this client; the next one goes on
                    hungUp++;
                } finally {
                    if (random.nextBoolean()) {
                        client.reset();
                    } else {
                        client.close();
                    }
                }
                if (connections % 50 == 0) {
                    assertServes(server);
                }
            }
            System.out.println("FuzzTest: " + frames + " frames on " + connections + " connections (" + hungUp
                    + " hung up by the server, " + survived + " took their whole burst): " + sent);

            awaitEveryConnectionReleased(server);
            eventually("no group left", () -> server.channelBox().showGroups().isEmpty(),
                    () -> server.channelBox().showGroups().keySet());
            assertServes(server);
            try (TestClient chat = TestClient.connect(server.port(), "/chat/after-fuzz?username=z")) {
                Map<String, Object> joined = chat.nextJsonObject();
                assertEquals("z joined the chat", joined.get("message"));
                assertEquals(1, ((Number) joined.get("users")).intValue());
            }
        }
        // the server both refused bad input (hanging up) and served clients through whole bursts
        assertTrue(hungUp > 0, "no connection was closed by the server in " + connections + ": " + sent);
        assertTrue(survived > 0, "every one of " + connections + " connections was closed by the server: " + sent);
    }

    /**
     * Every fuzz connection is released: normally when the container reports its close, within moments.
     * Once in many full builds (never alone: 3,000 connect-fuzz-reset rounds and a dozen runs of this
     * test, the failing seed included, all released at once) one connection was still registered 5 s
     * later. The heartbeat is the backstop for a connection whose close the container never reports (a
     * ping it cannot write, or no pong, then the close grace): so the test waits that long too before
     * calling it a leak, and says so when it had to.
     */
    private static void awaitEveryConnectionReleased(ChannelBoxServer server) throws InterruptedException {
        ChannelBoxConfig config = ChannelBoxConfig.defaults();
        long quick = System.nanoTime() + 5_000_000_000L;
        long backstop = System.nanoTime() + config.heartbeatInterval().plus(config.heartbeatTimeout().multipliedBy(2))
                .plusSeconds(5).toNanos();
        boolean said = false;
        while (server.channelBox().deliveryStats().connections() != 0) {
            if (!said && System.nanoTime() > quick) {
                System.out.println("FuzzTest: not released 5 s after the last fuzz client left, waiting for the"
                        + " heartbeat: " + server.channelBox().deliveryStats());
                said = true;
            }
            if (System.nanoTime() > backstop) {
                throw new AssertionError("fuzz connections leaked, the heartbeat did not release them either: "
                        + server.channelBox().deliveryStats());
            }
            Thread.sleep(20);
        }
    }

    private static void assertServes(ChannelBoxServer server) {
        try (TestClient c = TestClient.connect(server.port(), "/ws")) {
            c.send("still there?");
            assertEquals("You said: still there?", c.nextText());
        }
    }

    private static void send(RawClient client, Kind kind, Random random) throws IOException {
        switch (kind) {
            case RANDOM_BYTES -> {
                byte[] b = new byte[random.nextInt(2_000)];
                random.nextBytes(b);
                client.sendFrame(2, b);
            }
            case TRUNCATED_JSON -> client.sendText(SAMPLE.substring(0, random.nextInt(SAMPLE.length())));
            case DEEP_JSON -> {
                int depth = 1 + random.nextInt(20_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                client.sendText(open.repeat(depth) + "1" + close.repeat(random.nextInt(depth + 1)));
            }
            case HUGE_NUMBER -> client.sendText("{\"n\":" + (random.nextBoolean() ? "-" : "") + "9".repeat(1 + random.nextInt(30_000))
                    + (random.nextBoolean() ? "e999999999" : "") + "}");
            case INVALID_UTF8 -> {
                byte[] good = "{\"message\":\"".getBytes(StandardCharsets.UTF_8);
                byte[] bad = {(byte) 0xC3, 0x28, (byte) 0xF0, (byte) 0x90, (byte) 0x28, (byte) 0xBC, (byte) 0xFF};
                byte[] frame = new byte[good.length + bad.length];
                System.arraycopy(good, 0, frame, 0, good.length);
                System.arraycopy(bad, 0, frame, good.length, bad.length);
                client.sendFrame(1, frame);
            }
            case VALID_JSON -> client.sendText(SAMPLE);
            case GARBAGE_TEXT -> {
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(500); i > 0; i--) {
                    s.append((char) (0x20 + random.nextInt(0x2FF)));
                }
                client.sendText(s.toString());
            }
            case RESERVED_OPCODE -> client.sendFrame(3 + random.nextInt(5), new byte[random.nextInt(10)]);
        }
    }
}

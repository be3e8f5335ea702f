package dev.channelbox;

import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.RawClient;
import dev.channelbox.testing.TestClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded server as a client sees it: start, the peer's address, limits, a clean stop. */
class ServerLifecycleTest {

    @ApplicationScoped
    public static class Routes {
        @WebSocketRoute("/whoami")
        void whoami(WebSocket ws) {
            ws.accept();
            ws.sendText(ws.client().host() + ":" + ws.client().port());
            ws.receiveText(); // until the client goes
        }

        @Inject
        ChannelBox box;

        private volatile String lastId;

        @WebSocketRoute("/echo")
        void echo(WebSocket ws) {
            ws.accept();
            box.createChannel(ws, PayloadType.TEXT, null);
            lastId = ws.id();
            while (true) {
                ws.sendText(ws.receiveText());
            }
        }

        String lastId() {
            return lastId;
        }
    }

    private static ChannelBoxServer start() {
        return ChannelBoxServer.builder().host("127.0.0.1").port(0).beanClasses(Routes.class).start();
    }

    @Test
    void clientHostAndPortAreThePeersOwn() throws Exception {
        try (ChannelBoxServer server = start(); RawClient raw = RawClient.connect(server.port(), "/whoami")) {
            RawClient.Frame reply = raw.readFrame();
            assertEquals(1, reply.opcode());
            assertEquals("127.0.0.1:" + raw.localPort(), reply.text());
        }
    }

    @Test
    void stoppingTheServerClosesEveryConnectionWith1001() {
        ChannelBoxServer server = start();
        TestClient a = TestClient.connect(server.port(), "/echo");
        TestClient b = TestClient.connect(server.port(), "/echo");
        a.send("ping");
        assertEquals("ping", a.nextText());
        server.close();
        assertEquals(1001, a.awaitClose().code());
        assertEquals(1001, b.awaitClose().code());
    }

    @Test
    void stoppingDrainsWhatIsQueuedBeforeTheClose() {
        ChannelBoxServer server = start();
        TestClient c = TestClient.connect(server.port(), "/echo");
        c.send("ready");
        assertEquals("ready", c.nextText());
        Channel channel = server.channelBox().channel(onlyConnectionId(server)).orElseThrow();
        for (int i = 0; i < 500; i++) {
            channel.send("m" + i);
        }
        server.close();
        for (int i = 0; i < 500; i++) {
            assertEquals("m" + i, c.nextText());
        }
        assertEquals(1001, c.awaitClose().code());
    }

    @Test
    void stoppingWaitsForAClientThatNeverReadsNoLongerThanTheGrace() throws Exception {
        ChannelBoxServer server = start();
        RawClient stalled = RawClient.connect(server.port(), "/echo", 4096);
        stalled.sendText("hello"); // echoed into a socket nobody reads
        Channel channel = server.channelBox().channel(onlyConnectionId(server)).orElseThrow();
        String body = "z".repeat(8192);
        for (int i = 0; i < 300; i++) {
            channel.send(body);
        }
        long start = System.nanoTime();
        server.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < ChannelBoxConfig.defaults().shutdownGrace().toMillis() + 3_000, "stopped in " + millis + " ms");
        stalled.close();
    }

    private static String onlyConnectionId(ChannelBoxServer server) {
        // the echo handler has no channel of its own: make one through the public API
        long deadline = System.nanoTime() + 5_000_000_000L;
        Routes routes = server.select(Routes.class);
        while (routes.lastId() == null || server.channelBox().channel(routes.lastId()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the echo handler did not create its channel: " + server.channelBox().deliveryStats());
            }
            Thread.onSpinWait();
        }
        return routes.lastId();
    }

    @Test
    void messageOverTheSizeLimitClosesWith1009AndOthersCarryOn() {
        try (ChannelBoxServer server = start();
             TestClient big = TestClient.connect(server.port(), "/echo");
             TestClient other = TestClient.connect(server.port(), "/echo")) {
            char[] chars = new char[64 * 1024 + 1];
            Arrays.fill(chars, 'x');
            big.send(new String(chars));
            assertEquals(1009, big.awaitClose().code());
            other.send("still here");
            assertEquals("still here", other.nextText());
        }
    }

    @Test
    void aMessageAtTheSizeLimitIsDelivered() {
        try (ChannelBoxServer server = start(); TestClient c = TestClient.connect(server.port(), "/echo")) {
            char[] chars = new char[64 * 1024];
            Arrays.fill(chars, 'y');
            c.send(new String(chars));
            assertEquals(64 * 1024, c.nextText().length());
        }
    }

    @Test
    void unknownPathIsRefusedAtTheHandshake() throws Exception {
        try (ChannelBoxServer server = start()) {
            var e = assertThrows(java.io.IOException.class, () -> RawClient.connect(server.port(), "/nope"));
            assertTrue(e.getMessage().contains("handshake refused"), e.getMessage());
        }
    }
}

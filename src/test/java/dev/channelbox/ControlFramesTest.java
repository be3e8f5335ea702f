package dev.channelbox;

import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.PingFlood;
import dev.channelbox.testing.RawClient;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pings and pongs on the embedded server (issue 8 item 3), with raw-socket clients: a client that
 * floods pings and never reads, a slow reader with much data queued for it, a client that talks but
 * never answers our pings.
 */
class ControlFramesTest {

    /** Joins the room in the path; remembers the close code each connection ended with. */
    @WebSocketRoute(value = "/cf/{room}", outboxMaxMessages = 10_000, outboxMaxBytes = 64L << 20)
    public static class Member extends WebSocketConsumer<String> {
        static final Map<String, Integer> CLOSED = new ConcurrentHashMap<>(); // room -> close code

        @Override
        public void onConnect(WebSocket ws) {
            ws.accept();
            joinGroup(ws.pathParams().get("room"));
        }

        @Override
        public void onDisconnect(WebSocket ws, int closeCode) {
            CLOSED.put(ws.pathParams().get("room"), closeCode);
        }
    }

    /**
     * A fast heartbeat: pings every 200 ms, a pong due 3 s after the ping was written (a ping written
     * to the socket can still wait behind what the kernel buffers hold: 3 MB on loopback here).
     */
    @Alternative
    @Priority(1)
    @Dependent
    public static class FastHeartbeat {
        @Produces
        ChannelBoxConfig config() {
            return ChannelBoxConfig.builder()
                    .heartbeatInterval(Duration.ofMillis(200))
                    .heartbeatTimeout(Duration.ofMillis(3_000))
                    .expirySweepInterval(Duration.ofMillis(50))
                    .build();
        }
    }

    private static ChannelBoxServer start(Class<?>... extra) {
        List<Class<?>> beans = new java.util.ArrayList<>(List.of(Member.class));
        beans.addAll(List.of(extra));
        return ChannelBoxServer.builder().host("127.0.0.1").port(0).beanClasses(beans.toArray(Class[]::new)).start();
    }

    @Test
    void aClientThatFloodsPingsAndNeverReadsIsClosedWith1008LongBeforeItsPongsCouldFillTheHeap() throws Exception {
        try (ChannelBoxServer server = start();
             RawClient flooder = RawClient.connect(server.port(), "/cf/flood", 4096)) {
            eventually("joined", () -> server.channelBox().group("flood").size() == 1);

            // the flood: 48 MB of empty pings as fast as the socket takes them
            PingFlood.Outcome o = PingFlood.run(flooder, 0, 48L << 20, Duration.ofSeconds(30));

            assertTrue(o.writeFailed(), "the server dropped the connection: " + o);
            // what the kernel buffers take (a few MB on loopback), 64 queued writes, one read's pings
            assertTrue(o.bytesSent() < 24L << 20, "closed after " + o.bytesSent() + " bytes of pings: " + o);
            eventually("the endpoint closed with 1008", () -> Integer.valueOf(1008).equals(Member.CLOSED.get("flood")));
            eventually("released", () -> server.channelBox().deliveryStats().connections() == 0);
        }
    }

    @Test
    void aSlowButAliveReaderBehindQueuedDataIsNotClosedByTheHeartbeat() throws Exception {
        try (ChannelBoxServer server = start(FastHeartbeat.class);
             RawClient slow = RawClient.connect(server.port(), "/cf/slow", 4096)) {
            ChannelBox box = server.channelBox();
            eventually("joined", () -> box.group("slow").size() == 1);
            String body = "z".repeat(8 * 1024 - 8);
            // 16 MB queued at once, read at about 2 MB/s: 8 s. Behind the queue, as it was, a ping
            // would wait about 8 s for its reader; ahead of it, about as long as the kernel's buffers take.
            int count = 2_000;
            for (int i = 0; i < count; i++) {
                box.groupSend("slow", String.format("%07d", i) + ":" + body);
            }
            int received = 0;
            int pings = 0;
            long start = System.nanoTime();
            while (received < count) {
                RawClient.Frame f = slow.readFrame();
                if (f.opcode() == 9) {
                    pings++;
                    slow.sendFrame(10, f.payload()); // a well-behaved client answers at once
                } else {
                    assertEquals(1, f.opcode(), "a text message, not a close: " + f.closeCode());
                    assertEquals(String.format("%07d", received), f.text().substring(0, 7));
                    received++;
                    if (received % 64 == 0) {
                        long due = start + received * 8_000_000_000L / count; // about 2 MB/s
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000);
                        }
                    }
                }
            }
            assertTrue(pings >= 2, "pinged while data was queued: " + pings);
            assertEquals(0, box.deliveryStats().heartbeatTimeouts());
            assertEquals(1, box.group("slow").size());
        }
    }

    @Test
    void aClientThatTalksButNeverAnswersOurPingsIsClosedByTheHeartbeat() throws Exception {
        try (ChannelBoxServer server = start(FastHeartbeat.class);
             RawClient deaf = RawClient.connect(server.port(), "/cf/deaf", 4096)) {
            ChannelBox box = server.channelBox();
            eventually("joined", () -> box.group("deaf").size() == 1);
            long start = System.nanoTime();
            // messages and blind pongs (not echoing the ping's payload) prove nothing: it never reads
            try {
                while (box.group("deaf").size() == 1 && System.nanoTime() - start < 8_000_000_000L) {
                    deaf.sendText("still here");
                    deaf.sendFrame(10, "blind".getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(50);
                }
            } catch (IOException dropped) {
                // the server is gone: fine, the assertions below say why
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertFalse(box.group("deaf").size() == 1, "still a member after " + millis + " ms");
            assertTrue(millis < 6_000, "removed after " + millis + " ms (interval 200 + timeout 3000 + sweeps)");
            assertEquals(1, box.deliveryStats().heartbeatTimeouts());
            eventually("the endpoint closed with 1001", () -> Integer.valueOf(1001).equals(Member.CLOSED.get("deaf")));
        }
    }

    @Test
    void aPongEchoingThePingKeepsAQuietClientConnected() throws Exception {
        try (ChannelBoxServer server = start(FastHeartbeat.class);
             RawClient quiet = RawClient.connect(server.port(), "/cf/quiet", 4096)) {
            ChannelBox box = server.channelBox();
            eventually("joined", () -> box.group("quiet").size() == 1);
            long end = System.nanoTime() + 4_000_000_000L; // twenty intervals, more than a timeout
            int pings = 0;
            quiet.readTimeout(Duration.ofMillis(500));
            while (System.nanoTime() < end) {
                RawClient.Frame f = quiet.readFrame();
                assertEquals(9, f.opcode());
                assertEquals(8, ByteBuffer.wrap(f.payload()).remaining(), "the ping carries an 8-byte nonce");
                quiet.sendFrame(10, f.payload());
                pings++;
            }
            assertTrue(pings >= 5, "pinged " + pings + " times");
            assertEquals(1, box.group("quiet").size());
            assertEquals(0, box.deliveryStats().heartbeatTimeouts());
        }
    }
}

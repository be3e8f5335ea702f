package dev.channelbox;

import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.RawClient;
import dev.channelbox.testing.TestClient;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One bad client never hurts the others, and nothing is lost or reordered for the good ones: slow
 * readers, clients that never read, peers that vanish, and many senders at once, against a real
 * server with real clients.
 */
class DeliveryUnderLoadTest {

    /** Joins the room named in the path; replies nothing. */
    @WebSocketRoute("/load/{room}")
    public static class Member extends WebSocketConsumer<String> {
        @Override
        public void onConnect(WebSocket ws) {
            ws.accept();
            joinGroup(ws.pathParams().get("room"));
        }
    }

    /** The same with DROP_OLDEST and a small outbox. */
    @WebSocketRoute(value = "/lossy/{room}", overflowPolicy = OverflowPolicy.DROP_OLDEST, outboxMaxMessages = 50)
    public static class LossyMember extends Member {
    }

    /** A big outbox for bursts of 10,000 messages. */
    @WebSocketRoute(value = "/burst/{room}", outboxMaxMessages = 20_000, outboxMaxBytes = 32L << 20)
    public static class BurstMember extends Member {
    }

    /** Every DeliveryProblem the application observed. */
    @ApplicationScoped
    public static class Problems {
        private final List<DeliveryProblem> seen = new CopyOnWriteArrayList<>();

        void on(@Observes DeliveryProblem problem) {
            seen.add(problem);
        }

        List<DeliveryProblem> seen() { // through the client proxy: a method, not the field
            return List.copyOf(seen);
        }
    }

    /** A fast heartbeat for the dead-peer tests. */
    @Alternative
    @Priority(1)
    @Dependent
    public static class FastHeartbeat {
        @Produces
        ChannelBoxConfig config() {
            return ChannelBoxConfig.builder()
                    .heartbeatInterval(Duration.ofMillis(200))
                    .heartbeatTimeout(Duration.ofMillis(300))
                    .expirySweepInterval(Duration.ofMillis(50))
                    .build();
        }
    }

    private static ChannelBoxServer start(Class<?>... extra) {
        List<Class<?>> beans = new ArrayList<>(List.of(Member.class, LossyMember.class, BurstMember.class, Problems.class));
        beans.addAll(List.of(extra));
        return ChannelBoxServer.builder().host("127.0.0.1").port(0).beanClasses(beans.toArray(Class[]::new)).start();
    }

    private static void awaitMembers(ChannelBox box, String room, int n) {
        eventually(n + " members in " + room, () -> box.group(room).size() == n, () -> box.group(room));
    }

    @Test
    void aClientThatNeverReadsIsClosedByThePolicyWhileFastMembersGetEverything() throws Exception {
        try (ChannelBoxServer server = start();
             RawClient stalled = RawClient.connect(server.port(), "/load/stall", 4096)) {
            ChannelBox box = server.channelBox();
            List<TestClient> fast = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fast.add(TestClient.connect(server.port(), "/load/stall"));
            }
            awaitMembers(box, "stall", 4);
            String body = "x".repeat(8 * 1024 - 8);
            long start = System.nanoTime();
            // As fast as the fast members read: 100 messages (800 KB, within their 1 MiB outbox) at a
            // time. The stalled member falls further behind with every batch until its outbox overflows.
            for (int batch = 0; batch < 15; batch++) {
                for (int i = batch * 100; i < (batch + 1) * 100; i++) {
                    box.groupSend("stall", String.format("%07d", i) + ":" + body);
                }
                for (TestClient c : fast) {
                    for (int i = batch * 100; i < (batch + 1) * 100; i++) {
                        String m = c.nextText();
                        assertEquals(String.format("%07d", i), m.substring(0, 7), "in order, none missing");
                    }
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 10_000, "fast members got 1,500 x 8 KB in " + millis + " ms");

            eventually("the stalled client is closed and out of the room", () -> box.group("stall").size() == 3);
            Problems problems = server.select(Problems.class);
            eventually("an OUTBOX_OVERFLOW event", () -> problems.seen().stream()
                    .anyMatch(p -> p.kind() == DeliveryProblem.Kind.OUTBOX_OVERFLOW && p.path().equals("/load/{room}")));
            assertEquals(1, box.deliveryStats().overflowCloses());
            assertEquals(1, problems.seen().size(), "reported once, not once per message: " + problems.seen());
            fast.forEach(TestClient::close);
        }
    }

    @Test
    void dropOldestKeepsTheConnectionAndCountsWhatItDropped() throws Exception {
        try (ChannelBoxServer server = start();
             RawClient stalled = RawClient.connect(server.port(), "/lossy/drops", 4096)) {
            ChannelBox box = server.channelBox();
            awaitMembers(box, "drops", 1);
            Channel channel = box.group("drops").iterator().next();
            String body = "y".repeat(8 * 1024);
            for (int i = 0; i < 2_000; i++) {
                box.groupSend("drops", body);
            }
            assertTrue(channel.isOpen(), "DROP_OLDEST keeps the connection");
            assertTrue(channel.droppedMessages() > 0, "dropped " + channel.droppedMessages());
            assertTrue(channel.queuedMessages() <= 50, "queued " + channel.queuedMessages());
            assertEquals(channel.droppedMessages(), box.deliveryStats().droppedMessages());
            assertEquals(0, box.deliveryStats().overflowCloses());
            Problems problems = server.select(Problems.class);
            eventually("a MESSAGES_DROPPED event", () -> !problems.seen().isEmpty());
            assertEquals(List.of(DeliveryProblem.Kind.MESSAGES_DROPPED), problems.seen().stream().map(DeliveryProblem::kind).toList(),
                    "reported once for the connection");
        }
    }

    @Test
    void aPeerThatStopsAnsweringIsFoundByTheHeartbeatAndLeavesItsRoom() throws Exception {
        try (ChannelBoxServer server = start(FastHeartbeat.class);
             TestClient alive = TestClient.connect(server.port(), "/load/hb");
             RawClient silent = RawClient.connect(server.port(), "/load/hb", 4096)) {
            ChannelBox box = server.channelBox();
            awaitMembers(box, "hb", 2);
            // the raw client never reads, so it never answers a ping: to the server it has vanished
            long start = System.nanoTime();
            eventually("the silent peer is removed", () -> box.group("hb").size() == 1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2_000, "removed after " + millis + " ms (interval 200 + timeout 300 + sweeps)");
            assertEquals(1, box.deliveryStats().heartbeatTimeouts());
            // the JDK client answers pings: still there after several intervals
            Thread.sleep(1_000);
            assertEquals(1, box.group("hb").size());
            assertTrue(!alive.isClosed());
        }
    }

    @Test
    void aPeerDroppedWithATcpResetIsRemovedWithinTheHeartbeatBound() throws Exception {
        try (ChannelBoxServer server = start(FastHeartbeat.class)) {
            ChannelBox box = server.channelBox();
            RawClient peer = RawClient.connect(server.port(), "/load/reset");
            awaitMembers(box, "reset", 1);
            peer.reset();
            long start = System.nanoTime();
            eventually("the reset peer is removed", () -> box.group("reset").isEmpty() && box.deliveryStats().connections() == 0);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1_000, "removed after " + millis + " ms");
        }
    }

    @Test
    void tenSendersToARoomOfAHundredDeliverEveryMessageInPerSenderOrder() throws Exception {
        int members = 100;
        int senders = 10;
        int perSender = 1_000;
        try (ChannelBoxServer server = start()) {
            ChannelBox box = server.channelBox();
            List<Collector> clients = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                clients.add(new Collector(server.port(), "/burst/crowd", senders * perSender));
            }
            awaitMembers(box, "crowd", members);
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            for (int s = 0; s < senders; s++) {
                int sender = s;
                pool.execute(() -> {
                    for (int n = 0; n < perSender; n++) {
                        box.groupSend("crowd", sender + ":" + n); // text members get it as is
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            for (Collector c : clients) {
                c.assertComplete(senders, perSender);
            }
            clients.forEach(Collector::close);
        }
    }

    /** A client that checks per-sender order as messages arrive, without keeping them. */
    private static final class Collector {
        private final TestClient client;
        private final int expected;

        Collector(int port, String path, int expected) {
            this.client = TestClient.connect(port, path);
            this.expected = expected;
        }

        void assertComplete(int senders, int perSender) {
            int[] next = new int[senders];
            for (int i = 0; i < expected; i++) {
                String m = client.nextText();
                int colon = m.indexOf(':');
                int s = Integer.parseInt(m, 0, colon, 10);
                int n = Integer.parseInt(m, colon + 1, m.length(), 10);
                assertEquals(next[s], n, "sender " + s + ": in order, none missing, none twice");
                next[s]++;
            }
            for (int s = 0; s < senders; s++) {
                assertEquals(perSender, next[s]);
            }
        }

        void close() {
            client.close();
        }
    }

    @Test
    void tenThousandConnectionsComeAndGoWithoutLeavingAnythingBehind() throws Exception {
        try (ChannelBoxServer server = start()) {
            ChannelBox box = server.channelBox();
            cycle(server.port(), 500); // warm up the server's pools
            long baseline = usedHeapAfterGc();
            cycle(server.port(), 10_000);
            eventually("every connection released", () -> box.deliveryStats().connections() == 0,
                    box::deliveryStats);
            assertTrue(box.showGroups().isEmpty(), "no group left: " + box.showGroups().keySet());
            long after = usedHeapAfterGc();
            long grown = after - baseline;
            assertTrue(grown < 8L << 20, "heap grew by " + grown / 1024 + " KiB over 10,000 connections"
                    + " (baseline " + baseline / 1024 + " KiB, after " + after / 1024 + " KiB)");
        }
    }

    /** Connects, joins a room (the Member consumer), and leaves: half by close frame, half by TCP reset. */
    private static void cycle(int port, int times) throws Exception {
        CountDownLatch done = new CountDownLatch(4);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = worker; i < times; i += 4) {
                        RawClient c = RawClient.connect(port, "/load/cycle-" + (i % 50));
                        if (i % 2 == 0) {
                            c.sendFrame(8, new byte[] {0x03, (byte) 0xE8}); // close 1000
                            c.readFrame(); // the server's close
                            c.close();
                        } else {
                            c.reset();
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        assertTrue(done.await(120, TimeUnit.SECONDS), "cycles finished");
        assertTrue(errors.isEmpty(), "client errors: " + errors);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}

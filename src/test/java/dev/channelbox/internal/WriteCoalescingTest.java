package dev.channelbox.internal;

import dev.channelbox.fixtures.CoalescingFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.RawClient;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write coalescing on the standalone server, as a client sees it: messages that arrive together and
 * each broadcast to a room leave in one write per member, and a consumer that blocks after sending
 * does not hold its messages back (at most {@link HeldWrites#HOLD_NANOS}).
 */
class WriteCoalescingTest {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(CoalescingFixtures.Relay.class);

    private static Outbox outboxOf(String channelId) {
        ChannelImpl channel = (ChannelImpl) server.channelBox().channel(channelId).orElseThrow();
        return channel.connection().outbox();
    }

    @Test
    void messagesThatArriveTogetherLeaveInOneWritePerMember() throws Exception {
        try (TestClient member = TestClient.connect(server.port(), "/coalesce/together");
             RawClient publisher = RawClient.connect(server.port(), "/coalesce/together")) {
            String memberId = (String) member.nextJsonObject().get("id");
            publisher.readFrame(); // its own id
            Outbox outbox = outboxOf(memberId);
            long writesBefore = outbox.writes();
            ByteArrayOutputStream twenty = new ByteArrayOutputStream();
            for (int i = 0; i < 20; i++) {
                twenty.write(RawClient.maskedFrame(1, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
            publisher.send(twenty.toByteArray()); // one TCP write: one read on the server
            for (int i = 0; i < 20; i++) {
                assertEquals(Map.of("n", new BigDecimal(i)), member.nextJsonObject());
            }
            long writes = outbox.writes() - writesBefore;
            // one write when the 20 are handled within HeldWrites.HOLD_NANOS; a cold JIT on a busy
            // machine may take longer, and the watchdog then writes what is held each millisecond
            assertTrue(writes <= 10, "20 broadcasts reached the member in " + writes + " write(s)");
        }
    }

    @Test
    void aConsumerThatBlocksAfterSendingDoesNotHoldItsMessagesBack() throws Exception {
        try (TestClient member = TestClient.connect(server.port(), "/coalesce/blocking");
             TestClient sleeper = TestClient.connect(server.port(), "/coalesce/blocking")) {
            member.nextJsonObject();
            sleeper.nextJsonObject();
            long sent = System.nanoTime();
            sleeper.send("{\"text\":\"then a slow database call\",\"sleep\":1500}");
            assertEquals("then a slow database call", member.nextJsonObject().get("text"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertTrue(millis < 500, "received " + millis + " ms after the send, while the consumer still blocks");
        }
    }

    @Test
    void aLoneMessageIsWrittenAtOnce() {
        try (TestClient member = TestClient.connect(server.port(), "/coalesce/lone");
             TestClient sender = TestClient.connect(server.port(), "/coalesce/lone")) {
            member.nextJsonObject();
            sender.nextJsonObject();
            for (int i = 0; i < 20; i++) {
                long sent = System.nanoTime();
                sender.send("{\"i\":" + i + "}");
                member.nextJsonObject();
                sender.nextJsonObject();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                assertTrue(millis < 200, "round trip " + millis + " ms");
            }
        }
    }
}

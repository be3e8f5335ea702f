package dev.channelbox;

import dev.channelbox.fixtures.LimitsFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.RawClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Route handlers' share of the handler threads per client address (Java 17-20), and their inbound
 * queue bounded in bytes. The server has 8 handler threads, two per address; clients come from
 * 127.0.0.1 and, as a second host, 127.0.0.2.
 */
class HandlerLimitsTest {

    private static final boolean VIRTUAL_THREADS = Runtime.version().feature() >= 21;

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(LimitsFixtures.SmallHandlerConfig.class, LimitsFixtures.Handlers.class);
    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
    }

    @Test
    void oneAddressGetsItsShareOfHandlerThreadsAndAnotherAddressIsStillServed() throws IOException {
        assumeFalse(VIRTUAL_THREADS, "Java 17-20 only: on 21+ handlers run on virtual threads");
        RawClient first = connect("127.0.0.1", "/limits/echo");
        RawClient second = connect("127.0.0.1", "/limits/echo");
        assertEchoes(first, "one");
        assertEchoes(second, "two");

        RawClient third = connect("127.0.0.1", "/limits/echo");
        assertClosedWith(third, 1013, "too many handlers for this address");

        RawClient other = connect("127.0.0.2", "/limits/echo");
        assertEchoes(other, "another client is served");

        // the first client goes: its handler returns and the address may start one again
        first.close();
        eventually("127.0.0.1 gets a handler again once one of its handlers has ended", () -> {
            try {
                RawClient again = connect("127.0.0.1", "/limits/echo");
                again.sendText("back");
                RawClient.Frame f = again.readFrame();
                return f.opcode() == 1 && f.text().equals("back");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void withVirtualThreadsOneAddressIsNotLimitedToAShare() throws IOException {
        assumeTrue(VIRTUAL_THREADS, "Java 21+: each handler has its own virtual thread, nothing shared runs out");
        for (int i = 0; i < LimitsFixtures.HANDLER_THREADS + 2; i++) {
            assertEchoes(connect("127.0.0.1", "/limits/echo"), "client " + i);
        }
    }

    @Test
    void aHandlerThatDoesNotReceiveIsClosedWhenItsUnreadMessagesExceedTheByteBound() throws IOException {
        RawClient client = connect("127.0.0.1", "/limits/stalled");
        assertEquals("ready", client.readFrame().text());
        // 10,000 characters count 20,000 bytes: three fit in 64 KiB, the fourth does not
        String text = "x".repeat(10_000);
        for (int i = 0; i < 4; i++) {
            client.sendText(text);
        }
        assertClosedWith(client, 1008, "too many unread messages");
    }

    @Test
    void unreadBytesAreGivenBackAsTheHandlerReceives() throws IOException {
        RawClient client = connect("127.0.0.1", "/limits/echo");
        String text = "y".repeat(10_000);
        // 40 messages, 800,000 counted bytes, over 12 times the bound: fine while the handler keeps up
        for (int i = 0; i < 40; i++) {
            client.sendText(text);
            RawClient.Frame f = client.readFrame();
            assertEquals(1, f.opcode(), "message " + i + " echoed, not a close: " + f.text());
        }
    }

    // ------------------------------------------------------------------ helpers

    private RawClient connect(String from, String path) throws IOException {
        RawClient c = RawClient.connectFrom(from, server.port(), path);
        clients.add(c);
        return c;
    }

    private static void assertEchoes(RawClient client, String text) throws IOException {
        client.sendText(text);
        RawClient.Frame f = client.readFrame();
        assertEquals(1, f.opcode(), "a text echo, not a close: " + f.text());
        assertEquals(text, f.text());
    }

    private static void assertClosedWith(RawClient client, int code, String reason) throws IOException {
        RawClient.Frame f = client.readFrame();
        assertEquals(8, f.opcode(), "a close frame");
        assertEquals(code, f.closeCode());
        assertEquals(reason, new String(f.payload(), 2, f.payload().length - 2, StandardCharsets.UTF_8));
    }
}

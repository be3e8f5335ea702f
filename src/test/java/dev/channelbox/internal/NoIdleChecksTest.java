package dev.channelbox.internal;

import dev.channelbox.fixtures.GroupsFixtures;
import dev.channelbox.testing.InProcessServer;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TyrusInternals#dropIdleChecksWithoutTimeout} on a real Tyrus session (a Tyrus client's, whose
 * scheduler is Tyrus's own, as a container's would be: the server side of the embedded server has
 * {@link NoIdleChecks} from the start): the session gets the wrapper, keeps working, and an idle
 * timeout set afterwards still closes it on time (a check with a delay goes to the real scheduler).
 */
class NoIdleChecksTest {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(GroupsFixtures.RoomMember.class);

    @Test
    void aWrappedSessionStillWorksAndStillTimesOutWhenGivenAnIdleTimeout() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        Endpoint client = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        };
        ClientManager tyrus = ClientManager.createClient();
        Session session = tyrus.connectToServer(client, ClientEndpointConfig.Builder.create().build(),
                URI.create("ws://127.0.0.1:" + server.port() + "/groups/idle-checks"));
        try {
            assertNotNull(received.poll(10, TimeUnit.SECONDS), "the route's first message");
            Object before = TyrusInternals.field(session.getClass(), "service").get(session);
            assertFalse(before instanceof NoIdleChecks, "a Tyrus client's own scheduler: " + before);

            TyrusInternals.dropIdleChecksWithoutTimeout(session);
            assertInstanceOf(NoIdleChecks.class, TyrusInternals.field(session.getClass(), "service").get(session));
            TyrusInternals.dropIdleChecksWithoutTimeout(session); // idempotent: not wrapped twice

            // no timeout: nothing closes it
            assertFalse(closed.isDone());
            Thread.sleep(1_000);
            assertFalse(closed.isDone(), "closed without an idle timeout: " + closed.getNow(null));
            assertTrue(session.isOpen());

            long start = System.nanoTime();
            session.setMaxIdleTimeout(500);
            CloseReason reason = closed.get(10, TimeUnit.SECONDS);
            long after = (System.nanoTime() - start) / 1_000_000;
            assertTrue(after >= 400 && after < 5_000, "closed by the idle timeout after " + after + " ms: " + reason);
            assertEquals(CloseReason.CloseCodes.CLOSED_ABNORMALLY, reason.getCloseCode(), reason.toString());
        } finally {
            if (session.isOpen()) {
                session.close();
            }
            tyrus.shutdown();
        }
    }
}

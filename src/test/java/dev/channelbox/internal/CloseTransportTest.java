package dev.channelbox.internal;

import dev.channelbox.fixtures.GroupsFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.Json;
import dev.channelbox.testing.RawClient;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The close grace's last step ({@link Connection#closeTransport}) on a Tyrus session as it meets it:
 * already closed by us (a heartbeat or send timeout closes the session first), its close frame stuck
 * behind data the client never reads. Tyrus refuses {@code getAsyncRemote()} on a closed session, and in
 * a servlet container the way to the socket goes once the session is closed, so the transport is found
 * while the connection is open; otherwise the socket would stay open for as long as the client likes.
 */
class CloseTransportTest {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(GroupsFixtures.RoomMember.class);

    @Test
    void theSocketOfAClosedSessionWhoseCloseFrameCannotBeWrittenIsDropped() throws Exception {
        try (RawClient stalled = RawClient.connect(server.port(), "/groups/transport", 4096)) {
            String id = (String) ((Map<?, ?>) Json.parse(stalled.readFrame().text())).get("id");
            ChannelImpl channel = (ChannelImpl) server.channelBox().channel(id).orElseThrow();
            Session session = channel.connection().session();
            // fill the socket and Tyrus's queue: the client reads nothing from here on
            String body = "x".repeat(16 * 1024);
            for (int i = 0; i < 200; i++) {
                channel.send(body);
            }
            session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "test"));
            assertFalse(isThrowing(session), "the session counts as closed");

            assertTrue(channel.connection().closeTransport(), "no transport found under the Tyrus session");
            stalled.readTimeout(Duration.ofSeconds(10));
            assertTrue(drainsToTheEnd(stalled.input()), "the socket was not closed");
        }
    }

    /** Whether Tyrus still hands out the session's remote (false: it refuses, the session is closed). */
    private static boolean isThrowing(Session session) {
        try {
            session.getAsyncRemote();
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    /** Reads whatever the server had sent until the end of the stream (or a reset): true; a timeout: false. */
    private static boolean drainsToTheEnd(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // what was in flight before the close
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}

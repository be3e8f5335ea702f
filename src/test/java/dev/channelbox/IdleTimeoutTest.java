package dev.channelbox;

import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.RawClient;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code idleTimeout} on the embedded server, with raw-socket clients: a connection without traffic
 * for that long is closed, one whose client keeps talking is not; with no idle timeout (the default)
 * a silent connection stays. (Tyrus's idle checks are kept off the scheduler when there is no
 * timeout: {@code SessionTimers}.)
 */
class IdleTimeoutTest {

    /** Joins the room in the path, echoes what it receives, remembers how each room's member ended. */
    @WebSocketRoute("/idle/{room}")
    public static class Member extends WebSocketConsumer<String> {
        static final Map<String, Integer> CLOSED = new ConcurrentHashMap<>();

        @Override
        public void onConnect(WebSocket ws) {
            ws.accept();
            joinGroup(ws.pathParams().get("room"));
        }

        @Override
        public void onReceive(WebSocket ws, String text) {
            ws.sendText("echo " + text);
        }

        @Override
        public void onDisconnect(WebSocket ws, int closeCode) {
            CLOSED.put(ws.pathParams().get("room"), closeCode);
        }
    }

    /** An idle timeout of 1 s, and no heartbeat (whose pings are traffic too). */
    @Alternative
    @Priority(1)
    @Dependent
    public static class ShortIdleTimeout {
        @Produces
        ChannelBoxConfig config() {
            return ChannelBoxConfig.builder().idleTimeout(Duration.ofSeconds(1)).heartbeatInterval(Duration.ZERO).build();
        }
    }

    /** No idle timeout (the default) and no heartbeat: nothing closes a silent connection. */
    @Alternative
    @Priority(1)
    @Dependent
    public static class NoHeartbeat {
        @Produces
        ChannelBoxConfig config() {
            return ChannelBoxConfig.builder().heartbeatInterval(Duration.ZERO).build();
        }
    }

    private static ChannelBoxServer start(Class<?> config) {
        return ChannelBoxServer.builder().host("127.0.0.1").port(0).beanClasses(List.of(Member.class, config).toArray(Class[]::new)).start();
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeoutAndATalkingOneIsNot() throws Exception {
        try (ChannelBoxServer server = start(ShortIdleTimeout.class);
             RawClient silent = RawClient.connect(server.port(), "/idle/silent");
             RawClient talker = RawClient.connect(server.port(), "/idle/talker")) {
            ChannelBox box = server.channelBox();
            eventually("joined", () -> box.group("silent").size() == 1 && box.group("talker").size() == 1);
            long start = System.nanoTime();

            // the talker sends a message every 300 ms for 2.5 s, well past the timeout, and reads each echo
            talker.readTimeout(Duration.ofSeconds(5));
            for (int i = 0; i < 8; i++) {
                talker.sendText("m" + i);
                RawClient.Frame echo = talker.readFrame();
                assertEquals(1, echo.opcode(), "an echo, not a close (" + echo.closeCode() + ") after "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
                assertEquals("echo m" + i, echo.text());
                Thread.sleep(300);
            }
            assertEquals(1, box.group("talker").size());

            // the silent one was closed meanwhile: a close frame or the end of the stream
            silent.readTimeout(Duration.ofSeconds(5));
            assertClosed(silent);
            eventually("the silent member's onDisconnect ran", () -> Member.CLOSED.containsKey("silent"));
            assertEquals(0, box.group("silent").size());

            // and the talker, once it falls silent too
            long quiet = System.nanoTime();
            assertClosed(talker);
            long after = (System.nanoTime() - quiet) / 1_000_000;
            assertTrue(after >= 600, "closed " + after + " ms after its last message: the timeout is 1 s");
            eventually("the talker's onDisconnect ran", () -> Member.CLOSED.containsKey("talker"));
        }
    }

    @Test
    void withNoIdleTimeoutASilentConnectionStaysOpen() throws Exception {
        try (ChannelBoxServer server = start(NoHeartbeat.class);
             RawClient silent = RawClient.connect(server.port(), "/idle/quiet")) {
            ChannelBox box = server.channelBox();
            eventually("joined", () -> box.group("quiet").size() == 1);
            silent.readTimeout(Duration.ofMillis(2_500));
            try {
                RawClient.Frame f = silent.readFrame();
                fail("nothing should arrive on a silent connection, got opcode " + f.opcode());
            } catch (SocketTimeoutException expected) {
                // still open
            }
            silent.readTimeout(Duration.ofSeconds(5));
            silent.sendText("still there");
            assertEquals("echo still there", silent.readFrame().text());
            assertEquals(1, box.group("quiet").size());
        }
    }

    private static void assertClosed(RawClient client) throws IOException {
        try {
            RawClient.Frame f = client.readFrame();
            assertEquals(8, f.opcode(), "a close frame");
        } catch (EOFException | java.net.SocketException dropped) {
            // dropped without a close frame: closed as well
        }
    }
}

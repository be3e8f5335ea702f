package dev.channelbox;

import dev.channelbox.demo.DemoServer;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.RawClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone server's handshake and HTTP idle timeouts, shortened, against the demo: a socket
 * that sends nothing, half a handshake, a handshake trickled byte by byte or nothing after a
 * keep-alive response is closed by the server soon after its deadline (never before); an upgraded
 * WebSocket connection is not touched by either.
 */
class StandaloneHttpTimeoutsTest {

    private static final Duration HANDSHAKE = Duration.ofMillis(600);
    private static final Duration IDLE = Duration.ofMillis(900);
    private static final long SLACK_MILLIS = 3_000; // a loaded CI machine; the server's deadline itself is exact

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.startedBy(() -> ChannelBoxServer.builder().host("127.0.0.1").port(0).packages(DemoServer.class).staticResources("/static/") .handshakeTimeout(HANDSHAKE).httpIdleTimeout(IDLE).start());

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout((int) (HANDSHAKE.toMillis() + IDLE.toMillis() + SLACK_MILLIS));
        return s;
    }

    /** Milliseconds until the server closes the connection, reading (and discarding) what it sends. */
    private static long millisUntilClosed(Socket s, long since) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() != -1) {
                // a response before the close is fine here; the other tests check answers
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open after " + (System.nanoTime() - since) / 1_000_000 + " ms");
        } catch (SocketException e) {
            // reset: closed as well
        }
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void assertClosedAfter(Duration deadline, long millis) {
        assertTrue(millis >= deadline.toMillis() - 50, "closed at " + millis + " ms, before the deadline " + deadline);
        assertTrue(millis <= deadline.toMillis() + SLACK_MILLIS, "closed only at " + millis + " ms");
    }

    @Test
    void socketThatSendsNothingIsClosedAfterHandshakeTimeout() throws IOException {
        long start = System.nanoTime();
        try (Socket s = connect()) {
            assertClosedAfter(HANDSHAKE, millisUntilClosed(s, start));
        }
    }

    @Test
    void halfSentHandshakeIsClosedAfterHandshakeTimeout() throws IOException {
        long start = System.nanoTime();
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedAfter(HANDSHAKE, millisUntilClosed(s, start));
        }
    }

    @Test
    void handshakeTrickledByteByByteIsClosedAtTheDeadlineAnyway() throws Exception {
        long start = System.nanoTime();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            Thread trickle = new Thread(() -> {
                try {
                    for (byte b : "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes()) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed it: expected
                }
            });
            trickle.start();
            assertClosedAfter(HANDSHAKE, millisUntilClosed(s, start));
            trickle.interrupt();
            trickle.join();
        }
    }

    @Test
    void keepAliveConnectionServesRequestsThenIsClosedWhenIdle() throws IOException, InterruptedException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2; i++) {
                out.write(request);
                readResponse(in);
                Thread.sleep(IDLE.toMillis() / 2); // less than the idle timeout: the next request is served
            }
            // idle since the last response: the half slept above plus what we wait now
            assertClosedAfter(IDLE, millisUntilClosed(s, System.nanoTime()) + IDLE.toMillis() / 2);
        }
    }

    @Test
    void webSocketConnectionOutlivesBothTimeouts() throws IOException, InterruptedException {
        try (RawClient ws = RawClient.connect(server.port(), "/ws")) {
            Thread.sleep(HANDSHAKE.toMillis() + IDLE.toMillis() + 500);
            ws.sendText("still there?");
            RawClient.Frame reply = ws.readFrame();
            assertEquals(1, reply.opcode());
            assertEquals("You said: still there?", reply.text());
        }
    }

    @Test
    void handshakeTimeoutIsReadFromTheSystemProperty() throws IOException {
        System.setProperty("channelbox.handshake-timeout", "PT0.4S");
        try (ChannelBoxServer other = ChannelBoxServer.builder().host("127.0.0.1").port(0).beanClasses(DemoServer.class).start();
             Socket s = new Socket("127.0.0.1", other.port())) {
            long start = System.nanoTime();
            s.setSoTimeout((int) SLACK_MILLIS + 400);
            assertClosedAfter(Duration.ofMillis(400), millisUntilClosed(s, start));
        } finally {
            System.clearProperty("channelbox.handshake-timeout");
        }
    }

    @Test
    void unreadableSystemPropertyIsNamed() {
        System.setProperty("channelbox.http-idle-timeout", "soon");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ChannelBoxServer::builder);
            assertTrue(e.getMessage().contains("channelbox.http-idle-timeout=\"soon\""), e.getMessage());
        } finally {
            System.clearProperty("channelbox.http-idle-timeout");
        }
    }

    /** Reads one response with a Content-Length body. */
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new AssertionError("closed inside a response: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 200"), head.toString());
        String lengthLine = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst().orElseThrow();
        int length = Integer.parseInt(lengthLine.substring(15).trim());
        assertEquals(length, in.readNBytes(length).length);
    }
}

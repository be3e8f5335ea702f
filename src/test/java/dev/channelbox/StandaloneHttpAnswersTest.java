package dev.channelbox;

import dev.channelbox.demo.DemoServer;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.RawHttp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the standalone demo answers to requests a browser or a WebSocket library never sends (RFC
 * 6455 §4.2.1 violations, undecodable paths, {@code HEAD}): a complete 4xx response (length, then
 * close where the request was an upgrade), nothing about the server's internals, at most one short
 * log line.
 */
class StandaloneHttpAnswersTest {

    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

    @RegisterExtension
    static final InProcessServer server = InProcessServer.startedBy(() -> DemoServer.start("127.0.0.1", 0));
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static RawHttp.Response upgrade(String requestLine, String headers) throws IOException {
        return RawHttp.exchange(server.port(), requestLine + "\r\nHost: 127.0.0.1\r\n" + headers + "\r\n", false);
    }

    private static void assertRefused(int status, RawHttp.Response r) {
        assertEquals(status, r.status(), r.statusLine());
        assertEquals("close", r.header("Connection"));
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r.headers().toString());
        assertFalse(r.body().isBlank(), "a reason in the body");
        assertTrue(r.closed(), "the server closes the connection after the answer");
    }

    @Test
    void upgradeWithoutKeyGets400AndClose() throws IOException {
        assertRefused(400, upgrade("GET /ws HTTP/1.1", UPGRADE + "Sec-WebSocket-Version: 13\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZSE=", "!!!!!!!!!!!!!!!!!!!!!!=="})
    void upgradeWithKeyThatIsNotBase64Of16BytesGets400(String key) throws IOException {
        assertRefused(400, upgrade("GET /ws HTTP/1.1", UPGRADE + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"));
    }

    @Test
    void upgradeWithTwoKeysGets400() throws IOException {
        assertRefused(400, upgrade("GET /ws HTTP/1.1", UPGRADE + KEY + KEY + "Sec-WebSocket-Version: 13\r\n"));
    }

    @Test
    void upgradeWithOtherVersionGets426NamingVersion13() throws IOException {
        RawHttp.Response r = upgrade("GET /ws HTTP/1.1", UPGRADE + KEY + "Sec-WebSocket-Version: 8\r\n");
        assertRefused(426, r);
        assertEquals("HTTP/1.1 426 Upgrade Required", r.statusLine());
        assertEquals("13", r.header("Sec-WebSocket-Version"));
    }

    @Test
    void upgradeWithoutVersionGets400() throws IOException {
        assertRefused(400, upgrade("GET /ws HTTP/1.1", UPGRADE + KEY));
    }

    @Test
    void postUpgradeGets400() throws IOException {
        assertRefused(400, upgrade("POST /ws HTTP/1.1", UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n"));
    }

    @Test
    void http10UpgradeGets400() throws IOException {
        assertRefused(400, upgrade("GET /ws HTTP/1.0", UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\n"));
    }

    @Test
    void upgradeWithoutConnectionUpgradeGets400() throws IOException {
        assertRefused(400, upgrade("GET /ws HTTP/1.1", "Upgrade: websocket\r\n" + KEY + "Sec-WebSocket-Version: 13\r\n"));
    }

    @Test
    void upgradeWithMalformedQueryGets400NotABrokenConnection() throws IOException {
        // Tyrus parsed it with java.net.URI after the 101 and dropped the connection with a stack trace
        assertRefused(400, upgrade("GET /ws?%zz=1 HTTP/1.1", UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\n"));
        assertNoStackTraceLogged();
    }

    @Test
    void upgradeToPathWithoutRouteGets404AndClose() throws IOException {
        assertRefused(404, upgrade("GET /no-such-route HTTP/1.1", UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\n"));
    }

    @Test
    void refusedGuardAnswers401AndCloses() throws IOException {
        RawHttp.Response r = upgrade("GET /secure/lobby HTTP/1.1", UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\n");
        assertRefused(401, r);
        assertEquals("Bearer", r.header("WWW-Authenticate"));
    }

    @Test
    void validUpgradeStillGets101() throws IOException {
        try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\n"
                    + "Connection: keep-alive, Upgrade\r\n" + KEY + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes());
            socket.setSoTimeout(5_000);
            String status = new String(socket.getInputStream().readNBytes(32));
            assertTrue(status.startsWith("HTTP/1.1 101"), status);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%2e%2e/x", "/.", "/%c0%ae%c0%ae/", "/%zz", "/%00", "/../../etc/passwd"})
    void undecodablePathGets400WithoutInternals(String path) throws IOException {
        RawHttp.Response r = RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false);
        assertEquals(400, r.status(), r.statusLine());
        assertTrue(r.body().length() < 100, r.body());
        assertFalse(r.body().contains("Exception") || r.body().contains("org.") || r.body().contains("Grizzly"), r.body());
        assertNoStackTraceLogged();
    }

    @Test
    void brokenChunkedBodyGets400AndNoStackTraceInTheLog() throws IOException {
        RawHttp.Response r = RawHttp.exchange(server.port(),
                "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false);
        assertEquals(400, r.status());
        assertTrue(r.closed());
        assertNoStackTraceLogged();
    }

    @Test
    void unknownFileGets404WithoutServerName() throws IOException {
        RawHttp.Response r = RawHttp.exchange(server.port(), "GET /nothing.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false);
        assertEquals(404, r.status());
        assertFalse(r.body().contains("Grizzly"), r.body());
    }

    @Test
    void headServesTheDemoPageHeadersWithoutBody() throws IOException {
        RawHttp.Response get = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", false);
        RawHttp.Response head = RawHttp.exchange(server.port(), "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", true);
        assertEquals(200, head.status(), head.statusLine());
        assertEquals(get.header("Content-Length"), head.header("Content-Length"));
        assertEquals(get.header("Content-Type"), head.header("Content-Type"));
        assertTrue(head.closed(), "nothing after the headers, then the close the client asked for");
    }

    @Test
    void headOfMissingFileGets404() throws IOException {
        RawHttp.Response r = RawHttp.exchange(server.port(), "HEAD /nothing.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", true);
        assertEquals(404, r.status());
    }

    @Test
    void otherMethodsGet405NamingGetAndHead() throws IOException {
        RawHttp.Response r = RawHttp.exchange(server.port(), "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n", false);
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    /** Grizzly logs a failed request after the client saw the answer and the close: give it half a second. */
    private void assertNoStackTraceLogged() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LogRecord record : logged) {
            assertNull(record.getThrown(), () -> "logged with a stack trace: " + record.getMessage());
            String message = String.valueOf(record.getMessage());
            assertTrue(message.length() < 300, () -> "a long log line: " + message);
        }
    }
}

package dev.channelbox.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's {@link java.net.http.WebSocket}) that records what it
 * receives, for asserting what a client observes: text and binary messages in order, and the close
 * code and reason.
 */
public final class TestClient implements AutoCloseable {

    /** How long a test waits for something the server should send. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A close observed by the client. */
    public record Close(int code, String reason) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket ws;

    private TestClient(URI uri, Map<String, String> headers) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(b::header);
        this.ws = b.buildAsync(uri, new Listener()).join();
    }

    /** Connects to {@code ws://127.0.0.1:port + pathAndQuery}. */
    public static TestClient connect(int port, String pathAndQuery) {
        return connect(port, pathAndQuery, Map.of());
    }

    public static TestClient connect(int port, String pathAndQuery, Map<String, String> headers) {
        return new TestClient(URI.create("ws://127.0.0.1:" + port + pathAndQuery), headers);
    }

    public TestClient send(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    /**
     * Sends, unless the server has closed the connection meanwhile (its close frame answered, the
     * output is closed): whether the message went out. For a client that keeps sending into a close
     * the server is about to make.
     */
    public boolean sendIfOpen(String text) {
        try {
            ws.sendText(text, true).join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.IOException && isClosed()) {
                return false;
            }
            throw e;
        }
    }

    public TestClient sendBytes(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next text message; fails the test after {@link #TIMEOUT}. */
    public String nextText() {
        Object m = next();
        if (!(m instanceof String s)) {
            throw new AssertionError("expected a text message, got " + describe(m));
        }
        return s;
    }

    /** The next binary message. */
    public byte[] nextBytes() {
        Object m = next();
        if (!(m instanceof byte[] b)) {
            throw new AssertionError("expected a binary message, got " + describe(m));
        }
        return b;
    }

    /** The next message parsed as JSON (a Map, List, String, BigDecimal, Boolean or null). */
    public Object nextJson() {
        return Json.parse(nextText());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> nextJsonObject() {
        Object o = nextJson();
        if (!(o instanceof Map)) {
            throw new AssertionError("expected a JSON object, got " + o);
        }
        return (Map<String, Object>) o;
    }

    /** Nothing arrives within {@code wait}. */
    public void assertNothingWithin(Duration wait) throws InterruptedException {
        Object m = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (m != null) {
            throw new AssertionError("expected nothing, got " + describe(m));
        }
    }

    /** Waits for the server's close. */
    public Close awaitClose() {
        try {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection within " + TIMEOUT
                    + "; unread: " + List.copyOf(received), e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes normally (1000) from the client side. */
    public void closeNormally() {
        ws.sendClose(1000, "bye").join();
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(1000, "").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                ws.abort();
            }
        }
        ws.abort();
    }

    /**
     * The next message. Fails after {@link #TIMEOUT}, or as soon as the connection is closed with
     * nothing left to read (the listener records every message before the close).
     */
    private Object next() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                Object m = received.poll(20, TimeUnit.MILLISECONDS);
                if (m != null) {
                    return m;
                }
                if (closed.isDone()) {
                    m = received.poll();
                    if (m != null) {
                        return m;
                    }
                    throw new AssertionError("no message: the connection is closed: " + closed.join());
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("no message within " + TIMEOUT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String describe(Object m) {
        return m instanceof byte[] b ? b.length + " bytes" : String.valueOf(m);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining()).put(binary).put(data).flip();
            binary = joined;
            if (last) {
                byte[] b = new byte[binary.remaining()];
                binary.get(b);
                received.add(b);
                binary = ByteBuffer.allocate(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(1006, String.valueOf(error)));
        }
    }
}

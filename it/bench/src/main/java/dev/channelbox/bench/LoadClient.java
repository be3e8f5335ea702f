package dev.channelbox.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The load client: every member connection of a room on one NIO selector, served by one I/O thread.
 *
 * <p>Why this shape: the benchmark pins the client to one core and the server under test to the
 * other, so the client must do as little per delivered frame as possible. One thread, one selector,
 * one shared direct read buffer, a hand-written frame parser that skips payloads
 * ({@link WsConnection}): about one {@code read} system call per frame or batch of frames, no
 * allocation per frame. (The JDK's {@code java.net.http.WebSocket} costs a few threads' worth of
 * machinery and buffers per connection; Tyrus's client a Grizzly transport; neither would hold
 * 10,000 connections on one core and stay ahead of the server.)
 *
 * <p>The harness thread calls the blocking methods below; each hands a {@link Run} to the I/O thread
 * and waits for it. The I/O thread reads every connection all the time, runs or not, so pings are
 * answered and the server never sees a stalled reader between measurements.
 */
final class LoadClient implements AutoCloseable {

    /** One step driven by the I/O thread: connecting, a throughput run, a latency run. */
    abstract static class Run {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        LoadClient client;

        abstract void start(long now) throws IOException;

        void text(WsConnection c, long seq, long stamp, long now) throws IOException {
        }

        void opened(WsConnection c) throws IOException {
        }

        void tick(long now) throws IOException {
        }

        /** The least time between two polls (0: poll again at once); see {@link ThroughputRun}. */
        long pacingNanos() {
            return 0;
        }

        void failed(WsConnection c, IOException e) {
            fail("connection " + c.index + ": " + e);
        }

        void fail(String why) {
            done.completeExceptionally(new BenchException(why));
        }

        boolean isDone() {
            return done.isDone();
        }
    }

    private final Selector selector;
    private final Thread io;
    private final ConcurrentLinkedQueue<Run> submitted = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 18);
    private final List<WsConnection> open = new ArrayList<>(); // I/O thread only; [0] publishes
    private final WsConnection.Receiver receiver = new Receiver();
    private volatile int openCount;
    private volatile boolean running = true;
    private Run run; // I/O thread only
    private int nextIndex;
    /** The next publish command's sequence number: never reused, so a late frame is never miscounted. */
    long nextSeq = 1; // I/O thread only

    LoadClient() throws IOException {
        selector = Selector.open();
        io = new Thread(this::loop, "bench-client-io");
        io.setDaemon(true);
        io.start();
    }

    /** Connections open now. */
    int size() {
        return openCount;
    }

    /** Runs {@code r} on the I/O thread and waits for it. */
    void execute(Run r, Duration timeout) throws BenchException, InterruptedException {
        submitted.add(r);
        selector.wakeup();
        try {
            r.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BenchException b ? b : new BenchException(e.getCause().toString());
        } catch (TimeoutException e) {
            r.fail("no result within " + timeout);
            throw new BenchException("no result within " + timeout);
        }
    }

    /** Opens {@code count} more connections to {@code path}, at most {@code concurrency} handshakes at a time. */
    void connect(InetSocketAddress server, String path, int count, int concurrency, Duration timeout)
            throws BenchException, InterruptedException {
        execute(new ConnectRun(server, path, count, concurrency), timeout);
    }

    /** Closes connections (the newest first) until {@code keep} are left; without a close frame, like a dropped client. */
    void closeDownTo(int keep) throws BenchException, InterruptedException {
        execute(new Run() {
            @Override
            void start(long now) {
                while (open.size() > keep) {
                    WsConnection c = open.remove(open.size() - 1);
                    c.state = WsConnection.State.CLOSED;
                    c.key.cancel();
                    try {
                        c.channel.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
                openCount = open.size();
                done.complete(null);
            }
        }, Duration.ofSeconds(30));
    }

    /** The connection that publishes: a member of the room like the others. */
    WsConnection publisher() {
        return open.get(0);
    }

    @Override
    public void close() {
        try {
            closeDownTo(0);
            running = false;
            selector.wakeup();
            io.join(5_000);
        } catch (BenchException ignored) {
            running = false; // stopping anyway
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- I/O thread

    private void loop() {
        while (running) {
            try {
                Run next = submitted.poll();
                if (next != null) {
                    run = next;
                    next.client = this;
                    next.start(System.nanoTime());
                }
                long started = System.nanoTime();
                // the Consumer form: no selected-key set to fill, iterate and clear (a third of the
                // client's own CPU with 1,000 ready connections)
                selector.select(this::handle, run == null || run.isDone() ? 50 : 1);
                if (run != null && !run.isDone()) {
                    run.tick(System.nanoTime());
                    long rest = run.pacingNanos() - (System.nanoTime() - started);
                    if (rest > 0) {
                        LockSupport.parkNanos(rest);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (run != null) {
                    run.fail("load client: " + e);
                }
                e.printStackTrace();
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // stopping
        }
    }

    private void handle(SelectionKey key) {
        WsConnection c = (WsConnection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                c.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                c.state = WsConnection.State.HANDSHAKE;
                c.send(c.takeRequest());
                return;
            }
            if (key.isWritable()) {
                c.flush();
            }
            if (key.isReadable()) {
                read(c);
            }
        } catch (IOException e) {
            if (run != null && !run.isDone()) {
                run.failed(c, e);
            }
            drop(c);
        }
    }

    private void read(WsConnection c) throws IOException {
        for (int reads = 0; reads < 4 && c.state != WsConnection.State.CLOSED; reads++) {
            readBuffer.clear();
            int n = c.channel.read(readBuffer);
            long now = System.nanoTime();
            if (n < 0) {
                receiver.closed(c, 1006, "end of stream");
                return;
            }
            if (n == 0) {
                return;
            }
            int from = 0;
            if (c.state == WsConnection.State.HANDSHAKE) {
                from = c.handshake(readBuffer, 0, n);
                if (from < 0) {
                    continue;
                }
                opened(c);
            }
            c.frames(readBuffer, from, n, now);
            if (n < readBuffer.capacity()) {
                return; // the socket is drained
            }
        }
    }

    private void opened(WsConnection c) throws IOException {
        open.add(c);
        openCount = open.size();
        run.opened(c);
    }

    private void drop(WsConnection c) {
        c.state = WsConnection.State.CLOSED;
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // gone anyway
        }
        if (open.remove(c)) {
            openCount = open.size();
        }
    }

    private WsConnection startConnection(InetSocketAddress server, String path) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        byte[] request = WsConnection.upgradeRequest(server.getHostString(), server.getPort(), path);
        WsConnection c = new WsConnection(ch, nextIndex++, receiver, request, path.startsWith("/socket.io/"));
        c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        ch.connect(server);
        return c;
    }

    /** Delivers to the current run; a member closed by the server fails it (nothing should close). */
    private final class Receiver implements WsConnection.Receiver {
        @Override
        public void text(WsConnection c, long seq, long stamp, long now) {
            if (run != null && !run.isDone()) {
                try {
                    run.text(c, seq, stamp, now);
                } catch (IOException e) {
                    run.fail("publishing: " + e);
                }
            }
        }

        @Override
        public void closed(WsConnection c, int code, String reason) {
            drop(c);
            if (run != null && !run.isDone()) {
                run.fail("member " + c.index + " was closed by the server: " + code + " " + reason);
            }
        }
    }

    /** Opens connections, a bounded number of handshakes at a time. */
    private final class ConnectRun extends Run {
        private final InetSocketAddress server;
        private final String path;
        private final int count;
        private final int concurrency;
        private int started;
        private int completed;

        ConnectRun(InetSocketAddress server, String path, int count, int concurrency) {
            this.server = server;
            this.path = path;
            this.count = count;
            this.concurrency = concurrency;
        }

        @Override
        void start(long now) throws IOException {
            if (count == 0) {
                done.complete(null);
            }
            while (started < count && started - completed < concurrency) {
                startConnection(server, path);
                started++;
            }
        }

        @Override
        void opened(WsConnection c) throws IOException {
            completed++;
            if (completed == count) {
                done.complete(null);
            } else {
                start(0);
            }
        }
    }
}

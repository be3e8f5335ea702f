package dev.channelbox.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The calibration server: the least work a WebSocket fan-out can do, to show how many deliveries
 * per second the load client can take. One thread, one selector, every connection in one room; a
 * broadcast frames the payload once into a direct buffer and hands a duplicate of it to every
 * socket with a plain non-blocking write (the rest is queued until the socket can take it), the
 * frames of the commands that arrived together in one write. No container, no futures, no
 * per-member allocation beyond a duplicate. Not a server anyone should use: no fragmentation, no
 * ping, no close handshake, no limits.
 */
final class RawFanoutServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread thread;
    private final List<Peer> room = new ArrayList<>();
    private volatile int size;
    private volatile boolean running = true;

    private RawFanoutServer() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "raw-fanout");
    }

    static RawFanoutServer start() throws IOException {
        RawFanoutServer s = new RawFanoutServer();
        s.thread.start();
        return s;
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    int size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
    }

    private void loop() {
        try {
            while (running) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                        continue;
                    }
                    Peer p = (Peer) key.attachment();
                    try {
                        if (key.isWritable()) {
                            p.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            p.read();
                        }
                    } catch (IOException e) {
                        p.drop();
                    }
                }
                selector.selectedKeys().clear();
            }
            selector.close();
            listener.close();
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.socket().setTcpNoDelay(true);
            Peer p = new Peer(ch);
            p.key = ch.register(selector, SelectionKey.OP_READ, p);
        }
    }

    /**
     * Broadcasts every command that came in one read together: their frames, back to back in one
     * buffer, go to each member in one write. (A publisher that is a few broadcasts ahead sends its
     * commands together; writing their frames together is what a batching server does, and keeps
     * the calibration ahead of the servers under test.)
     */
    private void broadcast(List<String> commands) {
        List<byte[]> payloads = new ArrayList<>();
        int total = 0;
        for (String command : commands) {
            byte[] payload = Payloads.build(command).getBytes(StandardCharsets.US_ASCII);
            payloads.add(payload);
            total += payload.length + 10;
        }
        ByteBuffer frames = ByteBuffer.allocateDirect(total);
        for (byte[] payload : payloads) {
            int n = payload.length;
            frames.put((byte) 0x81);
            if (n < 126) {
                frames.put((byte) n);
            } else if (n < 65536) {
                frames.put((byte) 126).putShort((short) n);
            } else {
                frames.put((byte) 127).putLong(n);
            }
            frames.put(payload);
        }
        frames.flip();
        for (Peer p : room.toArray(new Peer[0])) { // a copy: a failed write drops its peer from the room
            p.send(frames.duplicate());
        }
    }

    private final class Peer {
        private final SocketChannel ch;
        private final ByteBuffer in = ByteBuffer.allocate(4096);
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private SelectionKey key;
        private boolean open; // handshake done, member of the room

        Peer(SocketChannel ch) {
            this.ch = ch;
        }

        void read() throws IOException {
            if (ch.read(in) < 0) {
                drop();
                return;
            }
            in.flip();
            if (!open) {
                handshake();
            }
            if (open) {
                frames();
            }
            in.compact();
        }

        private void handshake() throws IOException {
            String head = StandardCharsets.ISO_8859_1.decode(in.duplicate()).toString();
            int end = head.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            String key = null;
            for (String line : head.substring(0, end).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            in.position(in.position() + end + 4);
            String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
            send(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
            open = true;
            room.add(this);
            size = room.size();
        }

        /** Client frames: masked, short (the harness only sends publish commands). */
        private void frames() throws IOException {
            List<String> commands = new ArrayList<>();
            try {
                frames(commands);
            } finally {
                if (!commands.isEmpty()) {
                    broadcast(commands);
                }
            }
        }

        private void frames(List<String> commands) throws IOException {
            while (in.remaining() >= 2) {
                int start = in.position();
                int b0 = in.get(start) & 0xFF;
                int len = in.get(start + 1) & 0x7F;
                int header = 2;
                if (len == 126) {
                    if (in.remaining() < 4) {
                        return;
                    }
                    len = in.getShort(start + 2) & 0xFFFF;
                    header = 4;
                } else if (len == 127) {
                    throw new IOException("frame too large for the calibration server");
                }
                if (in.remaining() < header + 4 + len) {
                    return;
                }
                byte[] mask = new byte[4];
                in.position(start + header);
                in.get(mask);
                byte[] payload = new byte[len];
                in.get(payload);
                for (int i = 0; i < len; i++) {
                    payload[i] ^= mask[i & 3];
                }
                int opcode = b0 & 0x0F;
                if (opcode == 1) {
                    commands.add(new String(payload, StandardCharsets.US_ASCII));
                } else if (opcode == 8) {
                    drop();
                    return;
                }
            }
        }

        void send(ByteBuffer b) {
            if (!out.isEmpty()) {
                out.addLast(b);
                return;
            }
            try {
                ch.write(b);
            } catch (IOException e) {
                drop();
                return;
            }
            if (b.hasRemaining()) {
                out.addLast(b);
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peekFirst();
                ch.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                out.removeFirst();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        void drop() {
            if (open) {
                open = false;
                room.remove(this);
                size = room.size();
            }
            key.cancel();
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

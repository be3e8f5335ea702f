package dev.channelbox.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One client WebSocket connection of the load client (RFC 6455 by hand, the client side only).
 *
 * <p>Why by hand: a broadcast to 10,000 members means 10,000 frames to parse on one core, and the
 * client must stay well ahead of the server. This parser never copies a payload: it reads frames
 * straight out of the I/O thread's one shared read buffer, keeps only the first bytes of each text
 * message (where the sequence number and the timestamp are) and skips the rest. A connection costs
 * a few hundred bytes, so 10,000 of them fit anywhere. Only the I/O thread touches it.
 */
final class WsConnection {

    /** What the connection reports to the client. */
    interface Receiver {
        /** A text message {@code "<seq> <stamp> ..."} arrived; {@code now} is {@code System.nanoTime()} at the read. */
        void text(WsConnection c, long seq, long stamp, long now);

        /** The server closed the connection (close frame: its code; end of stream: 1006). */
        void closed(WsConnection c, int code, String reason);
    }

    enum State { CONNECTING, HANDSHAKE, OPEN, CLOSED }

    private static final int TEXT_PREFIX = 48;   // "<seq> <stamp> " fits, after Socket.IO's 42["m"," too
    private static final byte[] SOCKET_IO_EVENT = "42[\"m\",\"".getBytes(StandardCharsets.US_ASCII);
    private static final int CONTROL_MAX = 125;  // RFC 6455: control payloads are at most 125 bytes
    private static final byte[] HANDSHAKE_END = {'\r', '\n', '\r', '\n'};

    final SocketChannel channel;
    final int index;
    SelectionKey key;
    State state = State.CONNECTING;

    private final Receiver receiver;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private byte[] handshake = new byte[512];
    private int handshakeLength;

    // the frame being read
    private final byte[] header = new byte[14];
    private int headerHave;
    private int headerNeed = 2;
    private long remaining;
    private boolean inPayload;
    private int opcode;
    private boolean fin;
    // data: the first bytes of the message; control frames are kept whole, apart
    private final byte[] prefix = new byte[TEXT_PREFIX];
    private int prefixLength;
    private byte[] control;
    private int controlLength;
    private int messageOpcode;

    private byte[] request;
    /**
     * Socket.IO (Engine.IO 4 over WebSocket) instead of plain text messages: the client answers the
     * open packet with a namespace connect ({@code 40}) and every ping ({@code 2}) with a pong
     * ({@code 3}), sends its commands as the event {@code 42["b","..."]} and reads the event
     * {@code 42["m","<seq> <stamp> ..."]}.
     */
    private final boolean socketIo;

    WsConnection(SocketChannel channel, int index, Receiver receiver, byte[] request, boolean socketIo) {
        this.channel = channel;
        this.index = index;
        this.receiver = receiver;
        this.request = request;
        this.socketIo = socketIo;
    }

    /** A command to the server ({@code "<seq> <size>"}) as this connection's protocol frames it. */
    byte[] command(String command) {
        return text(socketIo ? "42[\"b\",\"" + command + "\"]" : command);
    }

    /** The upgrade request, once (then forgotten). */
    byte[] takeRequest() {
        byte[] r = request;
        request = null;
        return r;
    }

    /** The upgrade request; the key is fixed (the client does not check the server's answer to it). */
    static byte[] upgradeRequest(String host, int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Handshake bytes from the server. Returns the offset in {@code buf} where frames start once the
     * response is complete, -1 while it is not.
     *
     * @throws IOException the server refused the upgrade
     */
    int handshake(ByteBuffer buf, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            if (handshakeLength == handshake.length) {
                throw new IOException("handshake response too long");
            }
            handshake[handshakeLength++] = buf.get(i);
            if (handshakeLength >= 4 && endsWithBlankLine()) {
                String status = new String(handshake, 0, Math.min(handshakeLength, 40), StandardCharsets.US_ASCII);
                if (!status.startsWith("HTTP/1.1 101")) {
                    throw new IOException("upgrade refused: " + status.lines().findFirst().orElse(status));
                }
                handshake = null; // not needed any more
                state = State.OPEN;
                return i + 1;
            }
        }
        return -1;
    }

    private boolean endsWithBlankLine() {
        for (int k = 0; k < 4; k++) {
            if (handshake[handshakeLength - 4 + k] != HANDSHAKE_END[k]) {
                return false;
            }
        }
        return true;
    }

    /** Frames from the server in {@code buf[from, to)}; {@code now} is when they were read. */
    void frames(ByteBuffer buf, int from, int to, long now) throws IOException {
        int p = from;
        while (p < to && state == State.OPEN) {
            if (!inPayload) {
                header[headerHave++] = buf.get(p++);
                if (headerHave == 2) {
                    int len7 = header[1] & 0x7F;
                    headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
                }
                if (headerHave >= 2 && headerHave == headerNeed) {
                    startPayload(now);
                }
                continue;
            }
            int n = (int) Math.min(remaining, to - p);
            if (opcode >= 8) {
                buf.get(p, control, controlLength, n);
                controlLength += n;
            } else if (opcode != 0 && prefixLength < TEXT_PREFIX) {
                int c = Math.min(n, TEXT_PREFIX - prefixLength);
                buf.get(p, prefix, prefixLength, c);
                prefixLength += c;
            }
            p += n;
            remaining -= n;
            if (remaining == 0) {
                endFrame(now);
            }
        }
    }

    private void startPayload(long now) throws IOException {
        fin = (header[0] & 0x80) != 0;
        opcode = header[0] & 0x0F;
        int len7 = header[1] & 0x7F;
        long length = len7;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
        }
        headerHave = 0;
        headerNeed = 2;
        remaining = length;
        if (opcode >= 8) {
            if (length > CONTROL_MAX) {
                throw new IOException("control frame of " + length + " bytes");
            }
            if (control == null) {
                control = new byte[CONTROL_MAX];
            }
            controlLength = 0;
        } else if (opcode != 0) {
            messageOpcode = opcode;
            prefixLength = 0;
        }
        inPayload = true;
        if (remaining == 0) {
            endFrame(now);
        }
    }

    private void endFrame(long now) throws IOException {
        inPayload = false;
        switch (opcode) {
            case 9 -> send(frame(10, control, controlLength)); // ping: pong with the same payload
            case 10 -> {
                // an unsolicited pong: nothing to do
            }
            case 8 -> {
                int code = controlLength >= 2 ? ((control[0] & 0xFF) << 8) | (control[1] & 0xFF) : 1005;
                String reason = controlLength > 2 ? new String(control, 2, controlLength - 2, StandardCharsets.UTF_8) : "";
                state = State.CLOSED;
                receiver.closed(this, code, reason);
            }
            default -> {
                if (fin && messageOpcode == 1) {
                    deliver(now);
                }
            }
        }
    }

    /** Parses {@code "<seq> <stamp> "} from the message's first bytes. */
    private void deliver(long now) throws IOException {
        int i = 0;
        if (socketIo) {
            if (prefixLength == 1 && prefix[0] == '2') {
                send(text("3")); // Engine.IO ping: pong
                return;
            }
            if (prefixLength > 0 && prefix[0] == '0') {
                send(text("40")); // Engine.IO open: connect to the default namespace
                return;
            }
            if (prefixLength < SOCKET_IO_EVENT.length
                    || !java.util.Arrays.equals(prefix, 0, SOCKET_IO_EVENT.length, SOCKET_IO_EVENT, 0, SOCKET_IO_EVENT.length)) {
                return; // "40{...}" (connected) and anything else
            }
            i = SOCKET_IO_EVENT.length;
        }
        long seq = 0;
        for (; i < prefixLength && prefix[i] != ' '; i++) {
            seq = seq * 10 + (prefix[i] - '0');
        }
        long stamp = 0;
        for (i++; i < prefixLength && prefix[i] != ' '; i++) {
            stamp = stamp * 10 + (prefix[i] - '0');
        }
        receiver.text(this, seq, stamp, now);
    }

    /** Writes now, or queues behind what the socket could not take yet. */
    void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (pending.isEmpty()) {
            channel.write(b);
            if (!b.hasRemaining()) {
                return;
            }
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
        pending.addLast(b);
    }

    /** The socket can take more: write what is queued. */
    void flush() throws IOException {
        while (!pending.isEmpty()) {
            ByteBuffer b = pending.peekFirst();
            channel.write(b);
            if (b.hasRemaining()) {
                return;
            }
            pending.removeFirst();
        }
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    /**
     * A client frame, masked as RFC 6455 requires, with an all-zero masking key: legal, and the
     * payload then goes out as is (the servers unmask it all the same).
     */
    static byte[] frame(int opcode, byte[] payload, int length) {
        if (length > 125) {
            throw new IllegalArgumentException("the client only sends short frames");
        }
        byte[] f = new byte[6 + length];
        f[0] = (byte) (0x80 | opcode);
        f[1] = (byte) (0x80 | length);
        System.arraycopy(payload, 0, f, 6, length);
        return f;
    }

    static byte[] text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return frame(1, b, b.length);
    }
}

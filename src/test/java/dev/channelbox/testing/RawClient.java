package dev.channelbox.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket (RFC 6455 by hand), for what the JDK client hides: its own
 * local port, frames written byte by byte, a client that stops reading, a TCP reset.
 */
public final class RawClient implements AutoCloseable {

    /** A frame received: opcode (1 text, 2 binary, 8 close, 9 ping, 10 pong) and payload. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and completes the handshake; {@code receiveBuffer} > 0 sets SO_RCVBUF before connecting. */
    public static RawClient connect(int port, String pathAndQuery, int receiveBuffer) throws IOException {
        return connect(port, pathAndQuery, receiveBuffer, java.util.Map.of());
    }

    /**
     * Connects with extra request headers (an {@code Origin}, an {@code Authorization} ...).
     *
     * @throws IOException "handshake refused: HTTP/1.1 403 Forbidden" and the like when the server refuses
     */
    public static RawClient connect(int port, String pathAndQuery, int receiveBuffer, java.util.Map<String, String> headers)
            throws IOException {
        return connectFrom("127.0.0.1", port, pathAndQuery, receiveBuffer, headers);
    }

    /**
     * Connects from {@code localAddress}, such as another loopback address ({@code 127.0.0.2}): the
     * server sees a second client host, for limits per client address.
     */
    public static RawClient connectFrom(String localAddress, int port, String pathAndQuery) throws IOException {
        return connectFrom(localAddress, port, pathAndQuery, 0, java.util.Map.of());
    }

    private static RawClient connectFrom(String localAddress, int port, String pathAndQuery, int receiveBuffer,
            java.util.Map<String, String> headers) throws IOException {
        Socket s = new Socket();
        if (!localAddress.equals("127.0.0.1")) {
            s.bind(new InetSocketAddress(localAddress, 0));
        }
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        RawClient c = new RawClient(s);
        try {
            c.handshake(port, pathAndQuery, headers);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return c;
    }

    public static RawClient connect(int port, String pathAndQuery) throws IOException {
        return connect(port, pathAndQuery, 0);
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    private void handshake(int port, String pathAndQuery, java.util.Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + headers.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue() + "\r\n").reduce("", String::concat)
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // skip the response headers
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    public void sendText(String text) throws IOException {
        sendFrame(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one masked, final frame. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        send(frame(true, opcode, payload, true));
    }

    /** Sends bytes as they are (hand-made frames). */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * A frame: {@code fin} false for all but the last fragment of a message, opcode 0 for the fragments
     * after the first; {@code masked} false makes the frame a server's (which a client must not send).
     */
    public static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        int n = payload.length;
        byte[] mask = new byte[4];
        if (masked) {
            RANDOM.nextBytes(mask);
        }
        f.writeBytes(header(fin, opcode, n, masked ? mask : null));
        for (int i = 0; i < n; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        return f.toByteArray();
    }

    /** A frame header announcing {@code length} payload bytes; {@code mask} null: unmasked. */
    public static byte[] header(boolean fin, int opcode, long length, byte[] mask) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int maskBit = mask != null ? 0x80 : 0;
        if (length < 126) {
            f.write(maskBit | (int) length);
        } else if (length < 65536) {
            f.write(maskBit | 126);
            f.write((int) (length >> 8));
            f.write((int) length);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) (length >> (8 * i)));
            }
        }
        if (mask != null) {
            f.writeBytes(mask);
        }
        return f.toByteArray();
    }

    /** Reads the next frame (unmasked, from the server). */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long n = b1 & 0x7F;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(n)];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    public InputStream input() {
        return in;
    }

    /** The socket's output, for bytes written as they are (a flood of frames built beforehand). */
    public OutputStream output() {
        return out;
    }

    /** A masked, final frame as bytes, to be written later with {@link #output()}. */
    public static byte[] maskedFrame(int opcode, byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("for control-sized frames: at most 125 bytes");
        }
        byte[] f = new byte[6 + payload.length];
        f[0] = (byte) (0x80 | opcode);
        f[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        System.arraycopy(mask, 0, f, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            f[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return f;
    }

    /** SO_TIMEOUT for later reads. */
    public void readTimeout(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    /** Drops the connection with a TCP reset (SO_LINGER 0), no close frame. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.channelbox.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.IntUnaryOperator;

/**
 * Reads the headers of a client's frames as the bytes of one connection stream past (RFC 6455
 * §5.2: 2-14 header bytes, then the payload, skipped without being looked at), and finds the first
 * frame that breaks a rule, on its header, before anything buffers it:
 * <ul>
 *   <li>a data frame, or a fragmented message so far, longer than the route's limit (a header
 *       announcing 2^62 bytes included): 1009;</li>
 *   <li>a frame without the mask bit, or a control frame longer than 125 bytes: 1002.</li>
 * </ul>
 * Used where a runtime lets us see the bytes before it buffers a frame (the standalone server's
 * Grizzly filter; Tyrus's read handler on Payara). Not thread-safe: one reader per connection, and
 * runtimes read one connection on one thread at a time.
 */
public final class FrameScanner {

    private final int limit;
    /** Payload bytes of the current frame not yet streamed past. */
    private long skip;
    /** Data bytes of the fragmented message in progress (0 between messages). */
    private long message;
    private int violation;
    private String reason;

    public FrameScanner(int limit) {
        this.limit = limit;
    }

    /**
     * Streams past the bytes {@code from} to {@code end} (exclusive) of the input.
     *
     * @param byteAt a byte of the input by index
     * @return {@code end} when every byte passed; else where the bytes to withhold start: a frame
     *         header that the input ends inside (hand it over with the next bytes), or, when
     *         {@link #violation()} is set, the refused frame (hand over nothing from there on but a
     *         {@link #closeFrame()})
     */
    public int scan(IntUnaryOperator byteAt, int from, int end) {
        int p = from;
        while (p < end && violation == 0) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - p);
                p += n;
                skip -= n;
                continue;
            }
            int available = end - p;
            if (available < 2) {
                return p;
            }
            int b0 = byteAt.applyAsInt(p) & 0xFF;
            int b1 = byteAt.applyAsInt(p + 1) & 0xFF;
            if ((b1 & 0x80) == 0) {
                return refuse(p, 1002, "client frames must be masked");
            }
            int code = b1 & 0x7F;
            int headerLength = 2 + (code == 126 ? 2 : code == 127 ? 8 : 0) + 4;
            if (available < headerLength) {
                return p;
            }
            long length = code < 126 ? code : 0;
            for (int i = 2; i < headerLength - 4; i++) {
                length = (length << 8) | (byteAt.applyAsInt(p + i) & 0xFF);
            }
            int opcode = b0 & 0x0F;
            if (opcode >= 8) {
                if (length > 125) {
                    return refuse(p, 1002, "control frame longer than 125 bytes");
                }
            } else {
                long total = opcode == 0 ? message + length : length;
                if (length < 0 || total > limit) { // length < 0: the top bit was set (over 2^63)
                    return refuse(p, 1009, "message too big (limit " + limit + " bytes)");
                }
                message = (b0 & 0x80) != 0 ? 0 : total;
            }
            p += headerLength;
            skip = length;
        }
        return violation == 0 ? end : p;
    }

    private int refuse(int at, int code, String why) {
        violation = code;
        reason = why;
        return at;
    }

    /** 0, or the close code of the refused frame. */
    public int violation() {
        return violation;
    }

    /**
     * The close to hand the runtime in place of the refused frame: a client's close frame with the
     * code and reason, masked with a zero key (so the payload reads as is). The runtime then runs the
     * close as for any close frame: the endpoint's {@code onClose} sees the code, the client gets a
     * close frame with it, and the runtime closes the TCP connection.
     */
    public byte[] closeFrame() {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[8 + text.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (0x80 | (2 + text.length));
        frame[6] = (byte) (violation >> 8);
        frame[7] = (byte) violation;
        System.arraycopy(text, 0, frame, 8, text.length);
        return frame;
    }
}

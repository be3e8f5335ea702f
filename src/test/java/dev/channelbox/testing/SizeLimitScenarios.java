package dev.channelbox.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The inbound size limit as a client meets it, with hand-made frames on raw sockets against
 * {@code SizeLimitRoutes} ({@code it/containers/app}): on the embedded server and on every
 * container. A message up to the route's limit is delivered whole; one byte more is closed with
 * 1009, whether it comes as one frame or in fragments, as text or binary; a text limit counts UTF-8
 * bytes; a header announcing 2^62 bytes is closed without waiting for them.
 */
public interface SizeLimitScenarios {

    /** The server's port. */
    int targetPort();

    /** The context path of the application with the fixture routes ("" standalone; the probe WAR in containers). */
    String fixtureContextPath();

    int DEFAULT_LIMIT = 64 * 1024;
    int SMALL_LIMIT = 1000; // SizeLimitRoutes' /size/small

    /**
     * Sends {@code frames} and tells what came back first: "ok N" (delivered, N bytes) or "close
     * CODE". Writing may fail once the server has closed; what the client then reads decides.
     */
    private String outcome(String path, byte[]... frames) throws IOException {
        try (RawClient c = RawClient.connect(targetPort(), fixtureContextPath() + path)) {
            try {
                for (byte[] f : frames) {
                    c.send(f);
                }
            } catch (IOException closedWhileSending) {
                // the server refused before the end of the message: its close frame is already here
            }
            RawClient.Frame f = c.readFrame();
            if (f.opcode() == 8) {
                // which layer refused shows in the reason (ours: "message too big (limit N bytes)")
                System.out.println("size limit on " + path + ": close " + f.closeCode() + " \""
                        + new String(f.payload(), 2, f.payload().length - 2, StandardCharsets.UTF_8) + "\"");
                return "close " + f.closeCode();
            }
            return f.text();
        }
    }

    private static byte[] text(int bytes) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] frame(int opcode, byte[] payload) {
        return RawClient.frame(true, opcode, payload, true);
    }

    private static byte[] first(int opcode, byte[] payload) {
        return RawClient.frame(false, opcode, payload, true);
    }

    private static byte[] middle(byte[] payload) {
        return RawClient.frame(false, 0, payload, true);
    }

    private static byte[] last(byte[] payload) {
        return RawClient.frame(true, 0, payload, true);
    }

    @Test
    default void aTextFrameOfExactlyTheLimitIsDeliveredAndOneByteMoreIsClosedWith1009() throws IOException {
        assertEquals("ok " + DEFAULT_LIMIT, outcome("/size/text", frame(1, text(DEFAULT_LIMIT))));
        assertEquals("close 1009", outcome("/size/text", frame(1, text(DEFAULT_LIMIT + 1))));
    }

    @Test
    default void a70KiBTextFrameIsClosedWith1009() throws IOException {
        assertEquals("close 1009", outcome("/size/text", frame(1, text(70 * 1024))));
    }

    @Test
    default void aRoutesOwnLimitHoldsForOneFrame() throws IOException {
        assertEquals("ok " + SMALL_LIMIT, outcome("/size/small", frame(1, text(SMALL_LIMIT))));
        assertEquals("close 1009", outcome("/size/small", frame(1, text(SMALL_LIMIT + 1))));
    }

    @Test
    default void aRoutesOwnLimitHoldsForFragments() throws IOException {
        assertEquals("ok " + SMALL_LIMIT,
                outcome("/size/small", first(1, text(400)), middle(text(400)), last(text(200))));
        assertEquals("close 1009",
                outcome("/size/small", first(1, text(400)), middle(text(400)), last(text(201))));
    }

    @Test
    default void aFragmentedMessageIsClosedBeforeItsLastFragment() throws IOException {
        // the message never ends: the runtime must refuse on the fragment that goes over the limit
        assertEquals("close 1009", outcome("/size/text", first(1, text(40_000)), middle(text(40_000))));
    }

    @Test
    default void aTextLimitCountsUtf8Bytes() throws IOException {
        // 333 euro signs are 999 bytes, 334 are 1002: under and over the limit in bytes, not in chars
        assertEquals("ok 999", outcome("/size/small", frame(1, "€".repeat(333).getBytes(StandardCharsets.UTF_8))));
        assertEquals("close 1009", outcome("/size/small", frame(1, "€".repeat(334).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    default void aBinaryFrameOverTheLimitIsClosedWith1009() throws IOException {
        assertEquals("ok " + DEFAULT_LIMIT, outcome("/size/bytes", frame(2, new byte[DEFAULT_LIMIT])));
        assertEquals("close 1009", outcome("/size/bytes", frame(2, new byte[DEFAULT_LIMIT + 1])));
    }

    @Test
    default void aFragmentedBinaryMessageOverTheLimitIsClosedWith1009() throws IOException {
        assertEquals("close 1009",
                outcome("/size/bytes", first(2, new byte[40_000]), last(new byte[DEFAULT_LIMIT + 1 - 40_000])));
    }

    @Test
    default void aHeaderAnnouncing2To62BytesIsClosedWith1009AtOnce() throws IOException {
        // only the header is sent: the server must decide on it, not wait for the payload
        byte[] header = RawClient.header(true, 1, 1L << 62, new byte[] {1, 2, 3, 4});
        assertEquals("close 1009", outcome("/size/text", header));
        assertEquals("close 1009", outcome("/size/bytes", RawClient.header(true, 2, 1L << 62, new byte[] {1, 2, 3, 4})));
    }

    @Test
    default void aFrameAnnouncing2To62BytesIsClosedWith1009ByTheFirstByteOverTheLimit() throws IOException {
        byte[] mask = {0, 0, 0, 0}; // a zero mask: the payload goes as is
        byte[] header = RawClient.header(true, 1, 1L << 62, mask);
        assertEquals("close 1009", outcome("/size/text", header, text(DEFAULT_LIMIT + 1)));
    }
}

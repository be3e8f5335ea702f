package dev.channelbox.internal;

import dev.channelbox.testing.RawClient;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The frame scanner on byte streams split at every position, as reads split them: the decision and
 * where it falls never depend on where a read ended (the in-process and container tests cover what a
 * client sees).
 */
class FrameScannerTest {

    private static byte[] stream(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** Scans {@code bytes} in two reads split at {@code split}, holding back what the scanner withholds. */
    private static int[] scanSplit(byte[] bytes, int split, int limit) {
        FrameScanner s = new FrameScanner(limit);
        int stop = s.scan(i -> bytes[i], 0, split);
        if (s.violation() != 0) {
            return new int[] {s.violation(), stop};
        }
        stop = s.scan(i -> bytes[i], stop, bytes.length); // the withheld header is scanned again
        return new int[] {s.violation(), stop};
    }

    @Test
    void aFrameOverTheLimitIsFoundAtItsHeaderWhereverTheReadsSplit() {
        byte[] ok = RawClient.frame(true, 1, new byte[100], true);
        byte[] first = RawClient.frame(false, 2, new byte[60], true);
        byte[] ping = RawClient.frame(true, 9, new byte[10], true);
        byte[] last = RawClient.frame(true, 0, new byte[40], true);     // 60 + 40 = 100: at the limit
        byte[] tooBig = RawClient.frame(true, 1, new byte[101], true);
        byte[] bytes = stream(ok, first, ping, last, tooBig);
        int at = bytes.length - tooBig.length;
        for (int split = 0; split <= bytes.length; split++) {
            int[] r = scanSplit(bytes, split, 100);
            assertEquals(1009, r[0], "split at " + split);
            assertEquals(at, r[1], "split at " + split);
        }
    }

    @Test
    void aFragmentedMessageIsRefusedAtTheFragmentThatGoesOver() {
        byte[] bytes = stream(RawClient.frame(false, 1, new byte[60], true), RawClient.frame(false, 0, new byte[41], true));
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(1009, scanSplit(bytes, split, 100)[0], "split at " + split);
        }
    }

    @Test
    void aHeaderAnnouncing2To62BytesIsRefusedOnItsOwn() {
        FrameScanner s = new FrameScanner(65536);
        byte[] header = RawClient.header(true, 2, 1L << 62, new byte[4]);
        assertEquals(0, s.scan(i -> header[i], 0, header.length));
        assertEquals(1009, s.violation());
    }

    @Test
    void anUnmaskedFrameAndALongControlFrameAre1002() {
        byte[] unmasked = RawClient.frame(true, 1, new byte[3], false);
        FrameScanner s = new FrameScanner(100);
        s.scan(i -> unmasked[i], 0, unmasked.length);
        assertEquals(1002, s.violation());
        byte[] longPing = RawClient.header(true, 9, 126, new byte[4]);
        FrameScanner t = new FrameScanner(1000);
        t.scan(i -> longPing[i], 0, longPing.length);
        assertEquals(1002, t.violation());
    }

    @Test
    void theCloseFrameCarriesTheCodeMaskedWithAZeroKey() {
        FrameScanner s = new FrameScanner(10);
        byte[] big = RawClient.frame(true, 1, new byte[11], true);
        s.scan(i -> big[i], 0, big.length);
        byte[] close = s.closeFrame();
        assertEquals(0x88, close[0] & 0xFF);
        assertEquals(0x80 | (close.length - 6), close[1] & 0xFF);
        assertEquals(1009, ((close[6] & 0xFF) << 8) | (close[7] & 0xFF));
    }
}

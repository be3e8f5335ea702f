package dev.channelbox.internal;

import dev.channelbox.PayloadType;

import jakarta.json.Json;
import jakarta.json.bind.JsonbException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encoding table of {@link PayloadType}'s Javadoc, and "encoded once". */
class OutboundMessageTest {

    private static final JsonCodec CODEC = new JsonCodec();

    @AfterAll
    static void closeCodec() {
        CODEC.close();
    }

    // ------------------------------------------------------------------ String payloads

    @Test
    void stringToJsonChannelIsAJsonStringTextFrame() {
        OutboundMessage m = OutboundMessage.of("say \"hi\"\n\u0001é", CODEC);

        assertEquals("\"say \\\"hi\\\"\\n\\u0001é\"", text(m.frameFor(PayloadType.JSON)));
    }

    @Test
    void stringToTextChannelIsTheTextAsIs() {
        assertEquals("say \"hi\"", text(OutboundMessage.of("say \"hi\"", CODEC).frameFor(PayloadType.TEXT)));
    }

    @Test
    void stringToBytesChannelIsItsUtf8BytesInABinaryFrame() {
        Frame f = OutboundMessage.of("héllo", CODEC).frameFor(PayloadType.BYTES);

        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), bytes(f));
    }

    @Test
    void anyCharSequenceIsAString() {
        assertEquals("built", text(OutboundMessage.of(new StringBuilder("built"), CODEC).frameFor(PayloadType.TEXT)));
    }

    // ------------------------------------------------------------------ byte payloads

    @Test
    void bytesToJsonChannelIsABase64JsonString() {
        assertEquals("\"AQID/w==\"", text(OutboundMessage.of(new byte[] {1, 2, 3, -1}, CODEC).frameFor(PayloadType.JSON)));
    }

    @Test
    void bytesToTextChannelIsBase64Text() {
        assertEquals("AQID/w==", text(OutboundMessage.of(new byte[] {1, 2, 3, -1}, CODEC).frameFor(PayloadType.TEXT)));
    }

    @Test
    void bytesToBytesChannelAreTheBytesAsIs() {
        assertArrayEquals(new byte[] {1, 2, 3, -1},
                bytes(OutboundMessage.of(new byte[] {1, 2, 3, -1}, CODEC).frameFor(PayloadType.BYTES)));
    }

    @Test
    void byteArrayIsCopiedSoTheCallerMayReuseIt() {
        byte[] buffer = {1, 2, 3};
        OutboundMessage m = OutboundMessage.of(buffer, CODEC);
        buffer[0] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, bytes(m.frameFor(PayloadType.BYTES)));
        assertEquals("\"AQID\"", text(m.frameFor(PayloadType.JSON)));
    }

    @Test
    void byteBufferSendsItsRemainingBytesWithoutMovingItsPosition() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {0, 0, 1, 2, 3});
        b.position(2);
        OutboundMessage m = OutboundMessage.of(b, CODEC);
        b.put(2, (byte) 9);

        assertEquals(2, b.position());
        assertArrayEquals(new byte[] {1, 2, 3}, bytes(m.frameFor(PayloadType.BYTES)));
        assertEquals("AQID", text(m.frameFor(PayloadType.TEXT)));
    }

    @Test
    void binaryFrameIsReadOnlySoOneOutboxCannotSpoilItForAnother() {
        Frame.Binary f = (Frame.Binary) OutboundMessage.of(new byte[] {1, 2}, CODEC).frameFor(PayloadType.BYTES);

        assertTrue(f.bytes().isReadOnly());
    }

    // ------------------------------------------------------------------ object payloads

    @Test
    void objectToJsonChannelIsItsJsonBForm() {
        assertEquals("{\"n\":1,\"text\":\"hi\"}", text(OutboundMessage.of(new Note(1, "hi"), CODEC).frameFor(PayloadType.JSON)));
    }

    @Test
    void objectToTextChannelIsItsJsonBForm() {
        assertEquals("{\"user\":\"ann\"}", text(OutboundMessage.of(Map.of("user", "ann"), CODEC).frameFor(PayloadType.TEXT)));
    }

    @Test
    void objectToBytesChannelIsItsJsonBFormInUtf8() {
        Frame f = OutboundMessage.of(Map.of("user", "zoë"), CODEC).frameFor(PayloadType.BYTES);

        assertArrayEquals("{\"user\":\"zoë\"}".getBytes(StandardCharsets.UTF_8), bytes(f));
    }

    @Test
    void jsonValueIsWrittenAsTheJsonItIs() {
        var value = Json.createObjectBuilder().add("a", 1).add("b", Json.createArrayBuilder().add(true)).build();

        assertEquals("{\"a\":1,\"b\":[true]}", text(OutboundMessage.of(value, CODEC).frameFor(PayloadType.JSON)));
    }

    // ------------------------------------------------------------------ encoded once

    @Test
    void repeatedCallsReturnTheSameFrame() {
        for (Object payload : new Object[] {"s", new byte[] {1}, Map.of("k", "v")}) {
            OutboundMessage m = OutboundMessage.of(payload, CODEC);
            for (PayloadType type : PayloadType.values()) {
                assertSame(m.frameFor(type), m.frameFor(type), payload + " as " + type);
            }
        }
    }

    @Test
    void objectIsSerialisedOnceWhateverTheChannelsAsk() {
        Counted payload = new Counted();
        OutboundMessage m = OutboundMessage.of(payload, CODEC);
        assertEquals(1, payload.reads.get());

        for (int i = 0; i < 3; i++) {
            for (PayloadType type : PayloadType.values()) {
                m.frameFor(type);
            }
        }

        assertEquals(1, payload.reads.get());
        assertSame(m.frameFor(PayloadType.JSON), m.frameFor(PayloadType.TEXT), "JSON text is the text form of an object");
    }

    @Test
    void payloadJsonBCannotSerialiseFailsBeforeAnythingIsQueued() {
        assertThrows(JsonbException.class, () -> OutboundMessage.of(new Unserialisable(), CODEC));
    }

    @Test
    void nullPayloadIsRefused() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> OutboundMessage.of(null, CODEC));
        assertEquals("payload must not be null", e.getMessage());
    }

    // ------------------------------------------------------------------ sizes and history

    @Test
    void frameSizesAreUtf8LengthsAndByteCounts() {
        assertEquals(1 + 2 + 3 + 4, OutboundMessage.of("aé€😀", CODEC).frameFor(PayloadType.TEXT).size());
        assertEquals(1 + 2 + 3 + 4 + 2, OutboundMessage.of("aé€😀", CODEC).frameFor(PayloadType.JSON).size());
        assertEquals(3, OutboundMessage.of(new byte[] {1, 2, 3}, CODEC).frameFor(PayloadType.BYTES).size());
        assertEquals(4, OutboundMessage.of(new byte[] {1, 2, 3}, CODEC).frameFor(PayloadType.TEXT).size());
    }

    @Test
    void messageSizeIsTheCanonicalForm() {
        assertEquals(10, OutboundMessage.of("aé€😀", CODEC).size());
        assertEquals(3, OutboundMessage.of(new byte[] {1, 2, 3}, CODEC).size());
        assertEquals("{\"k\":\"v\"}".length(), OutboundMessage.of(Map.of("k", "v"), CODEC).size());
    }

    @Test
    void historyEntryIsReplayedWithItsStoredEncoding() {
        OutboundMessage original = OutboundMessage.of(Map.of("k", "v"), CODEC);
        HistoryRecord entry = new HistoryRecord("e1", 1, Instant.EPOCH, original.compact(), original.size());

        OutboundMessage replay = OutboundMessage.of(entry, CODEC);

        assertSame(entry.message(), replay);
        assertEquals("{\"k\":\"v\"}", text(replay.frameFor(PayloadType.JSON)));
        assertEquals("{\"k\":\"v\"}", entry.json());
    }

    @Test
    void compactCopyEncodesTheSameWithoutSharingFrames() {
        OutboundMessage m = OutboundMessage.of("x", CODEC);
        Frame json = m.frameFor(PayloadType.JSON);

        OutboundMessage copy = m.compact();

        assertEquals(json, copy.frameFor(PayloadType.JSON));
        assertTrue(json != copy.frameFor(PayloadType.JSON));
        assertEquals(m.size(), copy.size());
    }

    // ------------------------------------------------------------------ helpers and fixtures

    private static String text(Frame f) {
        return ((Frame.Text) f).text();
    }

    private static byte[] bytes(Frame f) {
        ByteBuffer b = ((Frame.Binary) f).bytes().duplicate();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    public record Note(int n, String text) {
    }

    /** Counts how often JSON-B reads it. */
    public static class Counted {
        final AtomicInteger reads = new AtomicInteger();

        public String getValue() {
            reads.incrementAndGet();
            return "v";
        }
    }

    public static class Unserialisable {
        public String getValue() {
            throw new IllegalStateException("cannot be read");
        }
    }
}

package dev.channelbox.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One unit of an outbox: an encoded message or the close that ends the connection. Immutable, so a
 * group send can put the same frame in every member's outbox.
 */
sealed interface Frame {

    /** Bytes this frame puts on the wire (payload only), for the outbox's byte bound. */
    long size();

    /**
     * A data frame, which can also give its complete wire form (RFC 6455 header and payload, as a
     * server sends it: unmasked, unfragmented), built once and shared by every connection that writes
     * it raw ({@link TyrusWire}).
     */
    sealed interface Data extends Frame {
        /** A read-only view of the whole frame; callers take a {@link ByteBuffer#duplicate()} each. */
        ByteBuffer wire();
    }

    /** A text frame; {@code size} is the UTF-8 length, computed once. */
    final class Text implements Data {
        private final String text;
        private final long size;
        private volatile ByteBuffer wire; // built on first raw write; racing builders make equal buffers

        private Text(String text, long size) {
            this.text = text;
            this.size = size;
        }

        static Text of(String text) {
            return new Text(text, Utf8.length(text));
        }

        String text() {
            return text;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public ByteBuffer wire() {
            ByteBuffer w = wire;
            if (w == null) {
                wire = w = Wire.frame(0x1, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            }
            return w;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && t.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return "Text[" + size + " bytes]";
        }
    }

    /**
     * A binary frame over a read-only buffer. Each write takes its own {@link ByteBuffer#duplicate()},
     * so every outbox shares the bytes but not the position.
     */
    final class Binary implements Data {
        private final ByteBuffer bytes;
        private volatile ByteBuffer wire;

        Binary(ByteBuffer bytes) {
            this.bytes = bytes.asReadOnlyBuffer();
        }

        ByteBuffer bytes() {
            return bytes;
        }

        @Override
        public long size() {
            return bytes.remaining();
        }

        @Override
        public ByteBuffer wire() {
            ByteBuffer w = wire;
            if (w == null) {
                wire = w = Wire.frame(0x2, bytes.duplicate());
            }
            return w;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && b.bytes.equals(bytes);
        }

        @Override
        public int hashCode() {
            return bytes.hashCode();
        }

        @Override
        public String toString() {
            return "Binary[" + size() + " bytes]";
        }
    }

    /**
     * Several data frames queued one behind the other, written with one write: when a client is
     * behind, the frames waiting for it leave in a single system call instead of one each. Only for
     * sinks that write raw frames; built by the outbox, never queued.
     */
    final class Batch implements Data {
        private final List<Data> frames;
        private final long size;

        Batch(List<Data> frames) {
            this.frames = List.copyOf(frames);
            long n = 0;
            for (Data f : frames) {
                n += f.size();
            }
            this.size = n;
        }

        List<Data> frames() {
            return frames;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public ByteBuffer wire() {
            int n = 0;
            for (Data f : frames) {
                n += f.wire().remaining();
            }
            ByteBuffer all = ByteBuffer.allocate(n);
            for (Data f : frames) {
                all.put(f.wire().duplicate());
            }
            return all.flip().asReadOnlyBuffer();
        }

        @Override
        public String toString() {
            return "Batch[" + frames.size() + " frames, " + size + " bytes]";
        }
    }

    /**
     * A heartbeat ping (payload: the 8-byte nonce its pong must echo). It goes through the outbox so the
     * container never sees two writes at once, but in the outbox's control queue: ahead of queued data.
     */
    record Ping(ByteBuffer payload) implements Frame {
        @Override
        public long size() {
            return 0; // control frames never count against the limits
        }
    }

    /** Close the connection with this code and reason once everything before it is written. */
    record Close(int code, String reason) implements Frame {
        @Override
        public long size() {
            return 0;
        }
    }

    /** RFC 6455 section 5.2 framing, server side. */
    final class Wire {
        private Wire() {
        }

        static ByteBuffer frame(int opcode, ByteBuffer payload) {
            int n = payload.remaining();
            int header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
            ByteBuffer f = ByteBuffer.allocate(header + n);
            f.put((byte) (0x80 | opcode)); // FIN, no extensions
            if (n < 126) {
                f.put((byte) n);
            } else if (n < 65_536) {
                f.put((byte) 126).putShort((short) n);
            } else {
                f.put((byte) 127).putLong(n);
            }
            f.put(payload.duplicate());
            return f.flip().asReadOnlyBuffer();
        }
    }
}

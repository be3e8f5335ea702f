package dev.channelbox.internal;

import java.nio.ByteBuffer;

/**
 * One unit of an outbox: an encoded message or the close that ends the connection. Immutable, so a
 * group send can put the same frame in every member's outbox.
 */
sealed interface Frame {

    /** Bytes this frame puts on the wire (payload only), for the outbox's byte bound. */
    long size();

    /** A text frame; {@code size} is the UTF-8 length, computed once. */
    record Text(String text, long size) implements Frame {
        static Text of(String text) {
            return new Text(text, Utf8.length(text));
        }
    }

    /**
     * A binary frame over a read-only buffer. Each write takes its own {@link ByteBuffer#duplicate()},
     * so every outbox shares the bytes but not the position.
     */
    record Binary(ByteBuffer bytes) implements Frame {
        public Binary {
            bytes = bytes.asReadOnlyBuffer();
        }

        @Override
        public long size() {
            return bytes.remaining();
        }
    }

    /** A heartbeat ping; queued like data so the container never sees two writes at once. */
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
}

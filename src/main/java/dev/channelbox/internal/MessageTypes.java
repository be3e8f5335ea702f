package dev.channelbox.internal;

import dev.channelbox.PayloadType;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;

/** Which inbound Java types go with which frames. */
final class MessageTypes {

    private MessageTypes() {
    }

    /** {@code String}: TEXT; {@code byte[]} or {@code ByteBuffer}: BYTES; anything else: JSON. */
    static PayloadType inferEncoding(Type type) {
        if (type == String.class || type == CharSequence.class) {
            return PayloadType.TEXT;
        }
        if (type == byte[].class || type == ByteBuffer.class) {
            return PayloadType.BYTES;
        }
        return PayloadType.JSON;
    }
}

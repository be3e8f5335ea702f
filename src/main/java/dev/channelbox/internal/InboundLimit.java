package dev.channelbox.internal;

import java.nio.ByteBuffer;

/**
 * The route's inbound message limit, checked where a message reaches our code ({@link InboundParts}).
 * Containers bound what they buffer in their own ways (see README, "Security"); some hand over a
 * message over the limit that they received as one frame. This check is the backstop on every
 * runtime: user code and the JSON decoder never see such a message, and the connection is closed
 * with 1009.
 */
final class InboundLimit {

    static final int CODE = 1009;

    private InboundLimit() {
    }

    /**
     * Whether {@code text} is over {@code maxBytes} of UTF-8. Counting bytes is needed only in the
     * band where the char count does not decide: a char is at least one byte and at most three (a
     * surrogate pair is four bytes for two chars).
     */
    static boolean tooBig(String text, int maxBytes) {
        int chars = text.length();
        if (chars * 3L <= maxBytes) {
            return false;
        }
        return chars > maxBytes || Utf8.length(text) > maxBytes;
    }

    static boolean tooBig(ByteBuffer bytes, int maxBytes) {
        return bytes.remaining() > maxBytes;
    }

    static String reason(int maxBytes) {
        return "message too big (limit " + maxBytes + " bytes)";
    }
}

package dev.channelbox.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Assembles inbound messages from the parts the container hands over, within the route's limit, and
 * refuses a message at the first part that takes it over the limit.
 *
 * <p>Why partial handlers: with whole-message handlers, Undertow (WildFly) and Open Liberty assemble
 * a fragmented message in full before handing it over, however long it grows, and Undertow buffers a
 * single text frame whole; our limit could then only act once everything was in memory. With
 * partial handlers the container passes each part on as it arrives (one frame on Tyrus, and a frame
 * as it streams on Undertow), so nothing is held beyond the limit. A message in one part (the usual
 * case) is passed on as the container gave it, without a copy.
 *
 * <p>Threads: the container calls one connection's message handlers one at a time (Jakarta
 * WebSocket 2.1, §5.1); this state is touched only from those calls.
 */
final class InboundParts {

    private final int limit;
    private final Consumer<String> text;
    private final Consumer<ByteBuffer> binary;
    private final Runnable tooBig;

    private StringBuilder textSoFar;
    /** UTF-8 bytes of {@link #textSoFar}: an upper bound (3 per char) until that could exceed the limit, then exact. */
    private long textBytes;
    private boolean textExact;
    private byte[] bytesSoFar;
    private int bytesLength;
    /** A message of this connection went over the limit: the close is under way, nothing more is passed on. */
    private boolean refused;

    InboundParts(int limit, Consumer<String> text, Consumer<ByteBuffer> binary, Runnable tooBig) {
        this.limit = limit;
        this.text = text;
        this.binary = binary;
        this.tooBig = tooBig;
    }

    void text(String part, boolean last) {
        if (refused) {
            return;
        }
        if (textSoFar == null && last) {
            if (InboundLimit.tooBig(part, limit)) {
                refuse();
            } else {
                text.accept(part);
            }
            return;
        }
        long upper = part.length() * 3L;
        if (!textExact && textBytes + upper <= limit) {
            textBytes += upper;
        } else {
            if (!textExact) {
                textBytes = textSoFar == null ? 0 : Utf8.length(textSoFar);
                textExact = true;
            }
            // a surrogate pair split between two parts counts 6 bytes instead of 4: at most 2 too many
            textBytes += Utf8.length(part);
            if (textBytes > limit) {
                refuse();
                return;
            }
        }
        if (textSoFar == null) {
            textSoFar = new StringBuilder(part.length() * 2);
        }
        textSoFar.append(part);
        if (last) {
            String message = textSoFar.toString();
            textSoFar = null;
            textBytes = 0;
            textExact = false;
            text.accept(message);
        }
    }

    void binary(ByteBuffer part, boolean last) {
        if (refused) {
            return;
        }
        if (bytesSoFar == null && last) {
            if (InboundLimit.tooBig(part, limit)) {
                refuse();
            } else {
                binary.accept(part);
            }
            return;
        }
        int n = part.remaining();
        if ((long) bytesLength + n > limit) {
            refuse();
            return;
        }
        if (bytesSoFar == null) {
            bytesSoFar = new byte[Math.min(limit, Math.max(2 * n, 1024))];
        } else if (bytesLength + n > bytesSoFar.length) {
            bytesSoFar = Arrays.copyOf(bytesSoFar, (int) Math.min(limit, Math.max(2L * bytesSoFar.length, bytesLength + n)));
        }
        part.get(bytesSoFar, bytesLength, n);
        bytesLength += n;
        if (last) {
            ByteBuffer message = ByteBuffer.wrap(bytesSoFar, 0, bytesLength);
            bytesSoFar = null;
            bytesLength = 0;
            binary.accept(message);
        }
    }

    private void refuse() {
        refused = true;
        textSoFar = null;
        bytesSoFar = null;
        tooBig.run();
    }
}

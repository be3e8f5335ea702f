package dev.channelbox.internal;

import dev.channelbox.PayloadType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A payload being sent, encoded at most once per {@link PayloadType} (see {@link PayloadType}'s
 * table). A group send creates one and asks it for each member's frame, so N members of one type
 * cost one encoding.
 *
 * <p>The JSON-B form of an object payload is computed in the constructor, so a payload that cannot
 * be serialised fails before anything is queued anywhere. The other forms are derived on first use
 * by the sending thread; when a message is shared across threads (history replay) two threads may
 * derive the same form twice, which is harmless: the fields only ever hold equal frames.
 */
final class OutboundMessage {

    /** What the payload is: a string, bytes, or JSON text produced by JSON-B. */
    private enum Kind { STRING, BYTES, JSON }

    private final Kind kind;
    private final String text;       // STRING: the string; JSON: the JSON text
    private final ByteBuffer bytes;  // BYTES: read-only

    private volatile Frame jsonFrame;
    private volatile Frame textFrame;
    private volatile Frame bytesFrame;

    private OutboundMessage(Kind kind, String text, ByteBuffer bytes) {
        this.kind = kind;
        this.text = text;
        this.bytes = bytes;
    }

    static OutboundMessage of(Object payload, JsonCodec codec) {
        Objects.requireNonNull(payload, "payload must not be null");
        if (payload instanceof HistoryRecord r) {
            return r.message();
        }
        if (payload instanceof CharSequence s) {
            return new OutboundMessage(Kind.STRING, s.toString(), null);
        }
        if (payload instanceof byte[] b) {
            return new OutboundMessage(Kind.BYTES, null, ByteBuffer.wrap(b.clone()).asReadOnlyBuffer());
        }
        if (payload instanceof ByteBuffer b) {
            ByteBuffer copy = ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
            return new OutboundMessage(Kind.BYTES, null, copy.asReadOnlyBuffer());
        }
        return new OutboundMessage(Kind.JSON, codec.toJson(payload), null);
    }

    /** The frame a channel of {@code type} receives. */
    Frame frameFor(PayloadType type) {
        return switch (type) {
            case JSON -> {
                Frame f = jsonFrame;
                if (f == null) {
                    jsonFrame = f = Frame.Text.of(switch (kind) {
                        case JSON -> text;
                        case STRING -> JsonStrings.quote(text);
                        case BYTES -> '"' + base64() + '"';
                    });
                }
                yield f;
            }
            case TEXT -> {
                Frame f = textFrame;
                if (f == null) {
                    // for a JSON payload the text form is the JSON form: share the frame
                    textFrame = f = kind == Kind.JSON ? frameFor(PayloadType.JSON)
                            : Frame.Text.of(kind == Kind.STRING ? text : base64());
                }
                yield f;
            }
            case BYTES -> {
                Frame f = bytesFrame;
                if (f == null) {
                    bytesFrame = f = new Frame.Binary(kind == Kind.BYTES ? bytes
                            : ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                }
                yield f;
            }
        };
    }

    /**
     * The message as other nodes receive it: one letter for its kind ({@code s} string, {@code j} JSON,
     * {@code b} bytes), then the text in UTF-8 or the bytes.
     */
    byte[] toWire() {
        byte[] content = kind == Kind.BYTES ? toArray(bytes) : text.getBytes(StandardCharsets.UTF_8);
        byte[] wire = new byte[content.length + 1];
        wire[0] = (byte) (kind == Kind.STRING ? 's' : kind == Kind.JSON ? 'j' : 'b');
        System.arraycopy(content, 0, wire, 1, content.length);
        return wire;
    }

    /** The message {@link #toWire()} wrote at {@code from} to the end of {@code wire}. */
    static OutboundMessage fromWire(byte[] wire, int from) {
        int length = wire.length - from - 1;
        return switch (wire[from]) {
            case 's' -> new OutboundMessage(Kind.STRING, new String(wire, from + 1, length, StandardCharsets.UTF_8), null);
            case 'j' -> new OutboundMessage(Kind.JSON, new String(wire, from + 1, length, StandardCharsets.UTF_8), null);
            case 'b' -> new OutboundMessage(Kind.BYTES, null, ByteBuffer.wrap(wire, from + 1, length).slice().asReadOnlyBuffer());
            default -> throw new IllegalArgumentException("not a ChannelBox message: kind " + wire[from]);
        };
    }

    /** The same message without cached frames, for keeping in history. */
    OutboundMessage compact() {
        return new OutboundMessage(kind, text, bytes);
    }

    /** The size of the canonical form (text in UTF-8, or the bytes), for history's byte bound. */
    long size() {
        return kind == Kind.BYTES ? bytes.remaining() : Utf8.length(text);
    }

    private String base64() {
        return Base64.getEncoder().encodeToString(toArray(bytes));
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}

package dev.channelbox.internal;

import dev.channelbox.PayloadType;
import dev.channelbox.Position;

/**
 * One group send as this node delivers it to its members: the message, its position in the group's
 * history ({@code null} when it was not saved), and with Redis its publication offset (the group's
 * order of every send, saved or not; -1 without one). The envelope of positioned routes is built
 * once, by the first positioned member that needs it, and shared by the others.
 */
final class GroupMessage {

    final String group;
    final OutboundMessage message;
    final Position position;
    final long offset;
    private volatile Frame envelope;

    GroupMessage(String group, OutboundMessage message, Position position, long offset) {
        this.group = group;
        this.message = message;
        this.position = position;
        this.offset = offset;
    }

    /** A message sent to one node only (no position, no offset). */
    static GroupMessage local(String group, OutboundMessage message) {
        return new GroupMessage(group, message, null, -1);
    }

    /** The frame a member receives. */
    Frame frameFor(PayloadType type, boolean positioned) {
        if (!positioned) {
            return message.frameFor(type);
        }
        Frame f = envelope;
        if (f == null) {
            envelope = f = Envelopes.message(group, position, message);
        }
        return f;
    }
}

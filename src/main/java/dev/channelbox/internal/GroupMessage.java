package dev.channelbox.internal;

import dev.channelbox.PayloadType;
import dev.channelbox.Position;
import dev.channelbox.PresenceEvent;

import java.util.Map;

/**
 * One group send as this node delivers it to its members: the message, its position in the group's
 * history ({@code null} when it was not saved), and with Redis its publication offset (the group's
 * order of every send, saved or not; -1 without one). The envelope of positioned routes is built
 * once, by the first positioned member that needs it, and shared by the others.
 */
final class GroupMessage {

    /** A join or a leave, as presence routes' clients see it. */
    record Presence(PresenceEvent.Kind kind, String id, Map<String, String> attributes) {
    }

    final String group;
    final OutboundMessage message; // null for a presence event
    final Presence presence;       // else null
    final Position position;
    final long offset;
    private volatile Frame envelope;

    GroupMessage(String group, OutboundMessage message, Position position, long offset) {
        this(group, message, null, position, offset);
    }

    private GroupMessage(String group, OutboundMessage message, Presence presence, Position position, long offset) {
        this.group = group;
        this.message = message;
        this.presence = presence;
        this.position = position;
        this.offset = offset;
    }

    /** A join or leave of {@code group}, with Redis at its publication offset (else -1). */
    static GroupMessage presence(String group, Presence presence, long offset) {
        return new GroupMessage(group, null, presence, null, offset);
    }

    /** A message sent to one node only (no position, no offset). */
    static GroupMessage local(String group, OutboundMessage message) {
        return new GroupMessage(group, message, null, -1);
    }

    /** The frame a member receives (a presence event: for presence routes only). */
    Frame frameFor(PayloadType type, boolean positioned) {
        if (!positioned) {
            return message.frameFor(type);
        }
        Frame f = envelope;
        if (f == null) {
            envelope = f = presence != null ? Envelopes.presence(group, presence) : Envelopes.message(group, position, message);
        }
        return f;
    }
}

package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.PayloadType;
import dev.channelbox.Position;
import dev.channelbox.PresenceEvent;
import dev.channelbox.Recovery;

import java.util.Collection;

/**
 * The frames of positioned routes ({@code @WebSocketRoute(positioned = true)}): JSON objects whose
 * {@code "channelbox"} member says what they are. The README ("Positions and recovery") documents
 * each; clients tell them from the application's own messages by that first member.
 *
 * <pre>
 * {"channelbox":"message","group":"lobby","position":"9f2c41a7d3e0b5c1:17","data":{...}}
 * {"channelbox":"recovery","group":"lobby","recovered":true,"position":"9f2c41a7d3e0b5c1:17","missed":3}
 * {"channelbox":"members","group":"lobby","members":[{"id":"...","attributes":{"user":"ann"}},...]}
 * {"channelbox":"join","group":"lobby","id":"...","attributes":{"user":"bob"}}
 * {"channelbox":"leave","group":"lobby","id":"...","attributes":{"user":"bob"}}
 * {"channelbox":"error","message":"..."}
 * </pre>
 *
 * A message sent without saving history has no {@code position}; {@code data} is the message as a
 * JSON channel receives it.
 */
final class Envelopes {

    /** What a client's control messages start with; the server's frames start the same way. */
    static final String PREFIX = "{\"channelbox\":";

    private Envelopes() {
    }

    static Frame message(String group, Position position, OutboundMessage message) {
        String data = ((Frame.Text) message.frameFor(PayloadType.JSON)).text();
        StringBuilder b = new StringBuilder(data.length() + group.length() + 80);
        b.append(PREFIX).append("\"message\",\"group\":").append(JsonStrings.quote(group));
        if (position != null) {
            b.append(",\"position\":").append(JsonStrings.quote(position.toString()));
        }
        return Frame.Text.of(b.append(",\"data\":").append(data).append('}').toString());
    }

    static Frame recovery(String group, Recovery recovery) {
        return Frame.Text.of(PREFIX + "\"recovery\",\"group\":" + JsonStrings.quote(group)
                + ",\"recovered\":" + recovery.recovered()
                + ",\"position\":" + JsonStrings.quote(recovery.position().toString())
                + ",\"missed\":" + recovery.missed().size() + "}");
    }

    static Frame presence(String group, GroupMessage.Presence p) {
        return Frame.Text.of(PREFIX + (p.kind() == PresenceEvent.Kind.JOIN ? "\"join\"" : "\"leave\"")
                + ",\"group\":" + JsonStrings.quote(group) + ",\"id\":" + JsonStrings.quote(p.id())
                + ",\"attributes\":" + Attributes.json(p.attributes()) + "}");
    }

    /** The group's members when a presence route's channel joins it. */
    static Frame members(String group, Collection<? extends Channel> members) {
        StringBuilder b = new StringBuilder(PREFIX).append("\"members\",\"group\":").append(JsonStrings.quote(group))
                .append(",\"members\":[");
        boolean first = true;
        for (Channel c : members) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append("{\"id\":").append(JsonStrings.quote(c.id())).append(",\"attributes\":")
                    .append(Attributes.json(c.attributes())).append('}');
        }
        return Frame.Text.of(b.append("]}").toString());
    }

    static Frame error(String message) {
        return Frame.Text.of(PREFIX + "\"error\",\"message\":" + JsonStrings.quote(message) + "}");
    }
}

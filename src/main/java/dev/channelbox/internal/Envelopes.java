package dev.channelbox.internal;

import dev.channelbox.PayloadType;
import dev.channelbox.Position;
import dev.channelbox.Recovery;

/**
 * The frames of positioned routes ({@code @WebSocketRoute(positioned = true)}): JSON objects whose
 * {@code "channelbox"} member says what they are. The README ("Positions and recovery") documents
 * each; clients tell them from the application's own messages by that first member.
 *
 * <pre>
 * {"channelbox":"message","group":"lobby","position":"9f2c41a7d3e0b5c1:17","data":{...}}
 * {"channelbox":"recovery","group":"lobby","recovered":true,"position":"9f2c41a7d3e0b5c1:17","missed":3}
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

    static Frame error(String message) {
        return Frame.Text.of(PREFIX + "\"error\",\"message\":" + JsonStrings.quote(message) + "}");
    }
}

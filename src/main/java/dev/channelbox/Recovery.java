package dev.channelbox;

import java.util.List;

/**
 * What a client at a {@link Position} missed in a group ({@link ChannelBox#historySince}).
 *
 * <p>{@code recovered} is true only when {@code missed} is exactly what was saved to the group's
 * history after the position: the same epoch, nothing trimmed in between. Otherwise {@code missed}
 * holds whatever the history still has after the position (all of it for another epoch), and the
 * application should resynchronise the client (reload the room, say so) from {@code position}.
 *
 * <p>Messages sent without saving history ({@code groupSend(group, payload, false)}) have no position
 * and are never recovered: a group whose clients must lose nothing saves what it sends.
 *
 * @param missed    the saved messages after the position, oldest first
 * @param recovered whether {@code missed} is exactly what the client missed
 * @param position  the group's position now: the last saved message's (that of {@code missed}'s last
 *                  entry, or the one the client sent when nothing was missed)
 */
public record Recovery(List<HistoryEntry> missed, boolean recovered, Position position) {

    public Recovery {
        missed = List.copyOf(missed);
    }
}

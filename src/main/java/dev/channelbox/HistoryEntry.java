package dev.channelbox;

import java.time.Instant;

/**
 * One message saved in a group's history by a group send with {@code saveHistory = true}.
 *
 * <p>History keeps the already-encoded message, so passing an entry to {@link Channel#send} or
 * {@link ChannelBox#sendTo} replays it exactly as it was broadcast, without encoding it again:
 * {@code box.showHistory(room).forEach(channel::send)}.
 */
public interface HistoryEntry {

    /**
     * Group-local sequence number, increasing by one per saved message: 1 for the first message of
     * an {@link Position#epoch() epoch}.
     */
    long sequence();

    /** Where the message is in its group's history: its epoch and its sequence number as offset. */
    Position position();

    /** When the message was saved. */
    Instant timestamp();

    /** The message as a {@link PayloadType#JSON} channel receives it. */
    String json();
}

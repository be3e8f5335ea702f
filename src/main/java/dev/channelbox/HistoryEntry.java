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

    /** Group-local sequence number, starting at 1, increasing by one per saved message. */
    long sequence();

    /** When the message was saved. */
    Instant timestamp();

    /** The message as a {@link PayloadType#JSON} channel receives it. */
    String json();
}

package dev.channelbox.internal;

import dev.channelbox.HistoryEntry;
import dev.channelbox.Position;
import dev.channelbox.PayloadType;

import java.time.Instant;

/** A saved message: immutable; sending it replays the stored encoding. */
record HistoryRecord(String epoch, long sequence, Instant timestamp, OutboundMessage message, long size) implements HistoryEntry {

    @Override
    public Position position() {
        return new Position(epoch, sequence);
    }

    @Override
    public String json() {
        return ((Frame.Text) message.frameFor(PayloadType.JSON)).text();
    }

    @Override
    public String toString() {
        return "HistoryEntry[" + epoch + ":" + sequence + " at " + timestamp + ": " + json() + "]";
    }
}

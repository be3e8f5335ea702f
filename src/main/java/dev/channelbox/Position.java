package dev.channelbox;

import java.util.Objects;

/**
 * A place in a group's history: the epoch of the history and the offset (the
 * {@link HistoryEntry#sequence() sequence number}) of the last saved message a client has. Every node
 * agrees on it: with the Redis broker both come from Redis.
 *
 * <p>The epoch changes when a group's history starts again from nothing: it was flushed, forgotten
 * (bounds, age), or Redis lost it. A position of another epoch cannot be recovered from exactly.
 *
 * <p>As text (query parameters, the positioned envelope): {@code epoch:offset}, for example
 * {@code 9f2c41a7d3e0b5c1:17}; {@link #START} is {@code :0}.
 *
 * @param epoch  the history's epoch; empty for {@link #START}
 * @param offset the sequence number of the last saved message seen; 0 before the first
 */
public record Position(String epoch, long offset) {

    /** Before anything: recovering from it gives the whole history kept, never {@code recovered}. */
    public static final Position START = new Position("", 0);

    private static final int MAX_EPOCH_LENGTH = 64;

    public Position {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("a position's offset is 0 or more: " + offset);
        }
        if (epoch.length() > MAX_EPOCH_LENGTH || epoch.indexOf(':') >= 0) {
            throw new IllegalArgumentException("not an epoch: " + epoch);
        }
    }

    /**
     * The position written by {@link #toString()}.
     *
     * @throws IllegalArgumentException the text is not {@code epoch:offset}
     */
    public static Position parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a position is epoch:offset, not " + quoted(text));
        }
        long offset;
        try {
            offset = Long.parseLong(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a position is epoch:offset, not " + quoted(text));
        }
        try {
            return new Position(text.substring(0, colon), offset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a position is epoch:offset, not " + quoted(text));
        }
    }

    private static String quoted(String text) {
        return '"' + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + '"';
    }

    /** {@code epoch:offset}. */
    @Override
    public String toString() {
        return epoch + ":" + offset;
    }
}

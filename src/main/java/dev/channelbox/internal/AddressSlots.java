package dev.channelbox.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per key (a route and a client address), for caps such as
 * {@code maxConnectionsPerAddress}. Taking a slot checks the cap and counts in one atomic step on the
 * key's map entry, and releasing the last slot removes the entry in the same kind of step, so
 * concurrent connects and disconnects can never let more than the cap in. (The counter this
 * replaced was looked up, then incremented outside the map's lock, so a release that removed the
 * entry in between made the increment land on a counter no longer in the map.)
 *
 * <p>Threads: any; all state is in the concurrent map, changed only by {@code compute} calls.
 */
final class AddressSlots {

    private final ConcurrentHashMap<String, Integer> taken = new ConcurrentHashMap<>();

    /** Takes one of {@code max} slots for {@code key}; false (and nothing counted) if all are taken. */
    boolean tryTake(String key, int max) {
        boolean[] granted = new boolean[1];
        taken.compute(key, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                return n;
            }
            granted[0] = true;
            return count + 1;
        });
        return granted[0];
    }

    /** Gives back a slot taken by {@link #tryTake}; the entry goes when its count reaches zero. */
    void release(String key) {
        taken.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Slots taken for {@code key} now. */
    int taken(String key) {
        return taken.getOrDefault(key, 0);
    }

    /** Keys with at least one slot taken (bounded by the open connections). */
    int keys() {
        return taken.size();
    }
}

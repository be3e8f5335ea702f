package dev.channelbox.internal;

import java.time.Clock;

/**
 * The engine's time, injected so that what depends on it can be tested without waiting: channel
 * expiry, the heartbeat, send timeouts and the rate limit read {@link #nanoTime()}; history
 * timestamps and age read {@link #wallClock()}. {@link #SYSTEM} in production. A CDI bean of this
 * type in the application (tests only: a hand-moved clock) replaces it; both methods must move
 * together. Any thread.
 */
public interface Ticker {

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Clock wallClock() {
            return Clock.systemUTC();
        }
    };

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall time, for history timestamps. */
    Clock wallClock();
}

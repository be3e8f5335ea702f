package dev.channelbox.demo;

/** Timestamps as the seed's {@code time.time()}: Unix seconds, with a fraction. */
final class Clock {

    private Clock() {
    }

    static double unixSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }
}

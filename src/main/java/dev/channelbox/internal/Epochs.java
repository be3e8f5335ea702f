package dev.channelbox.internal;

import java.util.concurrent.ThreadLocalRandom;

/** New epochs: 16 random hex digits, so an epoch is never met again (another process, a restart). */
final class Epochs {

    private Epochs() {
    }

    static String next() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}

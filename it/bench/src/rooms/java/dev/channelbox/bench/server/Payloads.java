package dev.channelbox.bench.server;

import java.util.Arrays;

/**
 * The broadcast payload every server of the benchmark builds, the same way (see {@code node/server.js}):
 * a publish command {@code "<seq> <size>"} becomes one text message of exactly {@code size} bytes,
 * {@code "<seq> <System.nanoTime()> xxx..."}. The timestamp is taken just before the broadcast
 * starts, so the latency the client measures runs from the {@code groupSend} (or loop, or
 * {@code broadcast}) call to the receipt at each member. The client and the server are separate
 * processes on one machine: {@code System.nanoTime()} is {@code CLOCK_MONOTONIC} on Linux, one clock
 * for every process.
 */
public final class Payloads {

    private static final char[] PAD = new char[1 << 16];

    static {
        Arrays.fill(PAD, 'x');
    }

    private Payloads() {
    }

    /** The payload for a publish command; ASCII only, so its length in bytes is its length in chars. */
    public static String build(String command) {
        int space = command.indexOf(' ');
        int size = Integer.parseInt(command, space + 1, command.length(), 10);
        StringBuilder b = new StringBuilder(Math.max(size, 48));
        b.append(command, 0, space).append(' ').append(System.nanoTime()).append(' ');
        if (b.length() < size) {
            b.append(PAD, 0, size - b.length());
        }
        return b.toString();
    }
}

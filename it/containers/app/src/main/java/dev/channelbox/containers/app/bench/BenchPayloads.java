package dev.channelbox.containers.app.bench;

import java.util.Arrays;

/**
 * The benchmark's payload (its {@code Payloads}): a publish command {@code "<seq> <size>"} becomes
 * one ASCII text message of exactly {@code size} bytes, {@code "<seq> <System.nanoTime()> xxx..."}.
 */
final class BenchPayloads {

    private static final char[] PAD = new char[1 << 16];

    static {
        Arrays.fill(PAD, 'x');
    }

    private BenchPayloads() {
    }

    static String build(String command) {
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

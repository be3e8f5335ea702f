package dev.channelbox.bench;

/** A measurement that could not be made (a server refused, a member was closed, nothing arrived in time). */
final class BenchException extends Exception {
    BenchException(String message) {
        super(message);
    }
}

package dev.channelbox.internal;

import jakarta.websocket.Session;

import java.util.function.UnaryOperator;

/**
 * Whether {@link TyrusWire} can be used at all: its class links only where the Tyrus SPI is visible
 * to this library (the standalone runtime, or a container that exposes Tyrus: Payara). Checked once; a
 * container without it pays one failed class load, not one per connection.
 * {@code -Dchannelbox.raw-writes.disabled=true} turns raw writes off.
 */
final class RawWrites {

    private static volatile boolean unavailable = Boolean.getBoolean("channelbox.raw-writes.disabled");

    private RawWrites() {
    }

    static TyrusWire forSession(Session session, UnaryOperator<Object> writers) {
        if (unavailable) {
            return null;
        }
        try {
            return TyrusWire.of(session, writers);
        } catch (LinkageError noTyrusSpi) {
            unavailable = true;
            return null;
        }
    }
}

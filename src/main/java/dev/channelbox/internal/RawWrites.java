package dev.channelbox.internal;

import jakarta.websocket.Session;

import java.util.function.UnaryOperator;

/**
 * Which {@link RawWire} a session gets, if any: {@link TyrusWire} where the Tyrus SPI is visible to
 * this library (the standalone runtime, or a container that exposes Tyrus: Payara), none elsewhere (the
 * standard API). {@code TyrusWire}'s class links only where the Tyrus SPI is visible, which is checked
 * once: a container without it pays one failed class load, not one per connection.
 * {@code -Dchannelbox.raw-writes.disabled=true} turns raw writes off.
 */
final class RawWrites {

    private static final boolean DISABLED = Boolean.getBoolean("channelbox.raw-writes.disabled");
    private static volatile boolean noTyrus;

    private RawWrites() {
    }

    static RawWire forSession(Session session, UnaryOperator<Object> writers) {
        if (DISABLED) {
            return null;
        }
        if (noTyrus) {
            return null;
        }
        try {
            return TyrusWire.of(session, writers);
        } catch (LinkageError noTyrusSpi) {
            noTyrus = true;
            return null;
        }
    }
}

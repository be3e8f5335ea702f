package dev.channelbox.internal;

import dev.channelbox.DeliveryProblem;

import jakarta.websocket.CloseReason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a connection's outbox writes: raw Tyrus writes ({@link TyrusWire}) where they engage, else the
 * container's async remote; closes and aborts go to the session and the connection.
 *
 * <p>Threads: the outbox calls it with at most one write in flight (from the sending thread, or from
 * the completion of the previous write); it holds no state of its own but the immutable wire.
 */
final class ContainerSink implements Outbox.Sink {

    private static final Logger LOG = Logger.getLogger(ContainerSink.class.getName());

    private final Connection connection;
    private final TyrusWire wire; // null: the standard async API

    ContainerSink(Connection connection, TyrusWire wire) {
        this.connection = connection;
        this.wire = wire;
    }


    /** The raw path, or null (for tests). */
    TyrusWire wire() {
        return wire;
    }

    /** A writable copy of a shared (read-only) buffer's remaining bytes; see the comment in write. */
    private static ByteBuffer writable(ByteBuffer shared) {
        ByteBuffer view = shared.duplicate();
        return ByteBuffer.allocate(view.remaining()).put(view).flip();
    }

    @Override
    public void write(Frame frame, Outbox.Completion done) {
        if (wire != null && frame instanceof Frame.Data data) {
            wire.write(data, done);
            return;
        }
        if (wire != null && frame instanceof Frame.Ping p) {
            // raw, for its completion: the pong deadline starts when the ping reached the socket
            wire.write(p, ok -> {
                if (ok) {
                    connection.heartbeat().written(p, connection.runtime().ticker().nanoTime());
                }
                done.done(ok);
            });
            return;
        }
        var remote = connection.session().getAsyncRemote();
        if (frame instanceof Frame.Text t) {
            remote.sendText(t.text(), result -> done.done(result.isOK()));
        } else if (frame instanceof Frame.Binary b) {
            // Writable copies, not the shared read-only buffers: Open Liberty 25 copies a heap buffer
            // through ByteBuffer.arrayOffset(), which a read-only buffer refuses
            // (ReadOnlyBufferException in its TCP channel); the write then never completes.
            remote.sendBinary(writable(b.bytes()), result -> done.done(result.isOK()));
        } else if (frame instanceof Frame.Ping p) {
            boolean ok;
            try {
                // No completion callback in the API: the ping counts as written once the container
                // took it. A write that is stuck behind it is still caught by the send timeout.
                remote.sendPing(writable(p.payload()));
                ok = true;
                connection.heartbeat().written(p, connection.runtime().ticker().nanoTime());
            } catch (IOException | RuntimeException e) {
                ok = false;
            }
            done.done(ok);
        }
    }

    @Override
    public void close(int code, String reason) {
        connection.closing();
        try {
            connection.session().close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: closing " + connection.id(), e);
        }
    }

    @Override
    public void abort(int code, String reason) {
        boolean timeout = Outbox.SEND_TIMEOUT_REASON.equals(reason);
        var config = connection.runtime().configFor(connection.route());
        connection.abort(code, reason,
                timeout ? DeliveryProblem.Kind.SEND_TIMEOUT : DeliveryProblem.Kind.OUTBOX_OVERFLOW,
                timeout ? "a write stayed in flight longer than " + config.sendTimeout().toMillis() + " ms"
                        : Outbox.CONTROL_OVERFLOW_REASON.equals(reason)
                        ? "more than " + Outbox.MAX_CONTROL_FRAMES + " control frames waiting behind a write"
                        : "outbox full (" + config.outboxMaxMessages() + " messages / " + config.outboxMaxBytes() + " bytes)");
    }

    @Override
    public void dropped(long count) {
        connection.runtime().dropped(connection, count);
    }

    @Override
    public boolean writesRaw() {
        return wire != null;
    }
}

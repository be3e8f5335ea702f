package dev.channelbox.internal;

import jakarta.websocket.Session;

import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tyrus only (the standalone server; Payara and GlassFish embed Tyrus too): writes a frame's
 * complete wire form straight to the connection's transport writer, the way
 * {@code TyrusSession.broadcast} does. Through the standard API, Tyrus builds a new frame for every
 * recipient: it encodes the text to UTF-8 again (creating a charset encoder each time), copies the
 * payload and reschedules the session's idle timer (even with no idle timeout) on every send, which
 * is most of a broadcast's cost. Raw, a group send encodes once and every member's write shares the
 * same bytes.
 *
 * <p>Taken only when everything lines up: a Tyrus session whose internals have the expected shape,
 * a writer of the same {@code tyrus-spi} classes this library sees, and no negotiated extension
 * (permessage-deflate would have to transform each frame). Otherwise {@link #of} answers null and the
 * connection uses the standard API; nothing else changes. The outbox keeps one write in flight, so
 * raw writes never interleave with each other; Tyrus's own control frames (pongs, the close) are
 * whole buffers queued on the same writer, so they never split a frame either.
 */
final class TyrusWire {

    private static final Logger LOG = Logger.getLogger(TyrusWire.class.getName());

    private final Session session;
    private final Writer writer;

    private TyrusWire(Session session, Writer writer) {
        this.session = session;
        this.writer = writer;
    }

    /**
     * The raw path for {@code session}, or null to use the standard API.
     *
     * @param writers may swap Tyrus's writer for a faster one of the same connection
     */
    static TyrusWire of(Session session, UnaryOperator<Object> writers) {
        try {
            if (!session.getNegotiatedExtensions().isEmpty()) {
                return null;
            }
            Object protocolHandler = TyrusInternals.protocolHandler(session);
            if (protocolHandler == null || Boolean.TRUE.equals(
                    TyrusInternals.field(protocolHandler.getClass(), "hasExtensions").get(protocolHandler))) {
                return null;
            }
            return writers.apply(TyrusInternals.writer(protocolHandler)) instanceof Writer w ? new TyrusWire(session, w) : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "ChannelBox: Tyrus raw writes unavailable, using the standard API", e);
            return null;
        }
    }

    /** The transport writer it writes to (for tests). */
    Writer writer() {
        return writer;
    }

    /** Writes one whole frame (or a {@link Frame.Batch}); {@code done} runs once, when the transport wrote it or failed. */
    void write(Frame.Data frame, Outbox.Completion done) {
        write(frame.wire().duplicate(), done);
    }

    /** Our heartbeat ping, raw so that we learn when it was written (the API's sendPing does not say). */
    void write(Frame.Ping ping, Outbox.Completion done) {
        write(Frame.Wire.frame(0x9, ping.payload()), done);
    }

    private void write(ByteBuffer wire, Outbox.Completion done) {
        if (!session.isOpen()) { // never after Tyrus has sent or received a close
            done.done(false);
            return;
        }
        writer.write(wire, new CompletionHandler<>() {
            @Override
            public void completed(ByteBuffer result) {
                done.done(true);
            }

            @Override
            public void failed(Throwable throwable) {
                done.done(false);
            }

            @Override
            public void cancelled() {
                done.done(false);
            }
        });
    }
}

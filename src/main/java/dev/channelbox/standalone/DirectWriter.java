package dev.channelbox.standalone;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.MessageCloner;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.memory.ByteBufferWrapper;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The standalone server's writer of raw frames: straight into the connection's Grizzly write queue,
 * which is where every write through the filter chain ends too. Through Tyrus's writer, each frame
 * goes through a per-connection task queue (a lock) and then back down the whole filter chain (the
 * Tyrus, HTTP, handshake and idle filters, a new filter-chain context each time), none of which does
 * anything to a WebSocket frame that is already encoded: on a broadcast to 10,000 members that was
 * most of the server's CPU.
 *
 * <p>Only for connections of the transport this server built, whose chain has no filter that
 * transforms writes (no TLS); anything else keeps Tyrus's writer. Tyrus's own writes (pongs, its close
 * frame) still take the chain and end in the same queue, each whole, so frames never interleave. The
 * idle filter the chain also passes only matters for a keep-alive timeout, which is off for upgraded
 * connections ({@link EmbeddedContainer}).
 *
 * <p>Threads: any thread; Grizzly's write queue is safe for concurrent writers and keeps their order.
 */
final class DirectWriter extends Writer {

    private static final Logger LOG = Logger.getLogger(DirectWriter.class.getName());
    private static final Field CONNECTION = connectionField();

    private final Writer tyrus;
    private final Connection<?> connection;
    private final AsyncQueueWriter<?> queue;

    private DirectWriter(Writer tyrus, Connection<?> connection, AsyncQueueWriter<?> queue) {
        this.tyrus = tyrus;
        this.connection = connection;
        this.queue = queue;
    }

    /** For {@code transport}'s connections, a direct writer in place of Tyrus's; anything else as it is. */
    static UnaryOperator<Object> forTransport(TCPNIOTransport transport) {
        return writer -> {
            if (CONNECTION == null || !(writer instanceof Writer w)
                    || !CONNECTION.getDeclaringClass().isInstance(writer)) {
                return writer;
            }
            try {
                if (CONNECTION.get(writer) instanceof Connection<?> c && c.getTransport() == transport) {
                    return new DirectWriter(w, c, transport.getAsyncQueueIO().getWriter());
                }
            } catch (IllegalAccessException | RuntimeException e) {
                LOG.log(Level.FINE, "ChannelBox: Tyrus's writer keeps writing", e);
            }
            return writer;
        };
    }

    private static Field connectionField() {
        try {
            Field f = Class.forName("org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter",
                    false, DirectWriter.class.getClassLoader()).getDeclaredField("connection");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: Tyrus's Grizzly writer has another shape; frames take the filter chain", e);
            return null;
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> done) {
        if (!connection.isOpen()) {
            done.failed(new IllegalStateException("Connection is not open."));
            return;
        }
        ((AsyncQueueWriter) queue).write(connection, null, new ByteBufferWrapper(buffer),
                new EmptyCompletionHandler<WriteResult<WritableMessage, ?>>() {
                    @Override
                    public void completed(WriteResult<WritableMessage, ?> result) {
                        done.completed(buffer);
                    }

                    @Override
                    public void failed(Throwable throwable) {
                        done.failed(throwable);
                    }

                    @Override
                    public void cancelled() {
                        done.cancelled();
                    }
                }, (MessageCloner) null);
    }

    @Override
    public void close() throws IOException {
        tyrus.close();
    }
}

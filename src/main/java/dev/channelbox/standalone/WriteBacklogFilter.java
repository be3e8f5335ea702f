package dev.channelbox.standalone;

import dev.channelbox.internal.RouteSession;

import jakarta.websocket.CloseReason;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.nio.NIOConnection;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bounds what a WebSocket peer that does not read can make the server queue for it without our
 * outbox seeing it: the pongs Tyrus sends by itself for every ping received (JSR-356 gives the
 * application no say). Tyrus writes each pong straight to Grizzly's async write queue, which has no
 * hard limit (its {@code maxPendingBytesPerConnection} only answers {@code canWrite}, which Tyrus does
 * not ask); a client sending 48 MB of pings without reading made one connection hold 295 MB of heap.
 *
 * <p>Before each read of an upgraded connection reaches Tyrus, this filter counts the writes waiting
 * in the connection's queue. Grizzly writes directly while the socket accepts bytes, so writes queue
 * only once the peer stopped reading; our outbox adds at most one data write and one ping, Tyrus a
 * close. More than {@link RouteSession#MAX_UNREAD_WRITES} (as on Payara): the connection is closed with 1008
 * {@code "unread control frames"} (the endpoint's close runs with that code) and the socket is
 * dropped at once, since a close frame queued behind unread pongs would never leave. The bound is
 * counted in writes, not bytes, because a pong of an empty ping is two bytes on the wire but a few
 * hundred on the heap; what one read can add before the next check (one pong per ping in that read)
 * comes on top.
 *
 * <p>Threads: Grizzly's worker thread of the connection; no state of its own.
 */
final class WriteBacklogFilter extends BaseFilter {

    private static final Logger LOG = Logger.getLogger(WriteBacklogFilter.class.getName());

    static final CloseReason CLOSE_REASON =
            new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, RouteSession.UNREAD_CONTROL_FRAMES);

    // Tyrus's own attribute (GrizzlyServerFilter.TYRUS_CONNECTION): the builder returns the attribute
    // already registered under this name, so it is set only on connections Tyrus upgraded.
    private static final Attribute<org.glassfish.tyrus.spi.Connection> TYRUS_CONNECTION = Grizzly.DEFAULT_ATTRIBUTE_BUILDER
            .createAttribute("org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.Connection");

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (connection instanceof NIOConnection nio
                && nio.getAsyncWriteQueue().getQueue().size() > RouteSession.MAX_UNREAD_WRITES) {
            org.glassfish.tyrus.spi.Connection webSocket = TYRUS_CONNECTION.get(connection);
            if (webSocket != null) {
                LOG.fine(() -> "ChannelBox: closing " + connection.getPeerAddress() + ": more than "
                        + RouteSession.MAX_UNREAD_WRITES + " writes queued for a peer that does not read (a ping flood?)");
                try {
                    webSocket.close(CLOSE_REASON);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "ChannelBox: closing a flooding peer", e);
                }
                connection.terminateSilently();
                return ctx.getStopAction();
            }
        }
        return ctx.getInvokeAction();
    }
}

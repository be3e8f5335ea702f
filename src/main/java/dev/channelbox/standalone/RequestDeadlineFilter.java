package dev.channelbox.standalone;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that does not deliver a complete request head in time: within the handshake
 * timeout of its accept, and within the HTTP idle timeout of its last response (a keep-alive
 * connection). Sits right behind Grizzly's HTTP codec, which passes a request on only once its head
 * is parsed, so a client trickling a header byte by byte (slowloris) is cut off at the deadline
 * like one that sends nothing.
 *
 * <p>Grizzly's own keep-alive timeout cannot do this: it stays -1 because it also fires on
 * upgraded connections. Here a connection whose response was 101 is never armed again: a
 * WebSocket connection is governed by the heartbeat and {@code idleTimeout} only.
 */
final class RequestDeadlineFilter extends BaseFilter {

    private final ScheduledExecutorService timer;
    private final long handshakeMillis;
    private final long idleMillis;
    private final Attribute<Deadline> deadlines =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(RequestDeadlineFilter.class.getName() + ".deadline");

    /** A zero or negative duration turns that deadline off. */
    RequestDeadlineFilter(ScheduledExecutorService timer, Duration handshakeTimeout, Duration idleTimeout) {
        this.timer = timer;
        this.handshakeMillis = handshakeTimeout.toMillis();
        this.idleMillis = idleTimeout.toMillis();
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Deadline deadline = new Deadline(ctx.getConnection());
        deadlines.set(ctx.getConnection(), deadline);
        deadline.arm(handshakeMillis);
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content && content.getHttpHeader() instanceof HttpRequestPacket) {
            Deadline deadline = deadlines.get(ctx.getConnection());
            if (deadline != null) {
                deadline.disarm(); // a request head is complete (WebSocket frames pass here too: a no-op then)
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Object message = ctx.getMessage();
        if (message instanceof HttpPacket packet) {
            HttpHeader header = packet.getHttpHeader();
            Deadline deadline = deadlines.get(ctx.getConnection());
            if (deadline != null && header instanceof HttpResponsePacket response) {
                if (response.getStatus() == 101) {
                    deadline.upgraded();
                } else if (message instanceof HttpContent content && content.isLast()) {
                    deadline.arm(idleMillis); // the response is complete: now idle between requests
                }
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        Deadline deadline = deadlines.get(ctx.getConnection());
        if (deadline != null) {
            deadline.upgraded(); // never armed again; cancels a pending one
        }
        return ctx.getInvokeAction();
    }

    /**
     * One connection's pending deadline. Armed on Grizzly's accept (selector or worker thread) and on
     * a response's last write (worker thread), disarmed on a parsed request (worker thread), fired
     * on the timer thread: every method holds the monitor.
     */
    private final class Deadline {
        private final Connection<?> connection;
        private ScheduledFuture<?> pending;
        private long generation; // tells a task that fires from one armed before the last arm or disarm
        private boolean upgraded;

        Deadline(Connection<?> connection) {
            this.connection = connection;
        }

        synchronized void arm(long millis) {
            disarm();
            if (!upgraded && millis > 0) {
                long armed = generation;
                pending = timer.schedule(() -> expire(armed), millis, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void disarm() {
            generation++;
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        synchronized void upgraded() {
            upgraded = true;
            disarm();
        }

        private void expire(long armed) {
            synchronized (this) {
                if (armed != generation || upgraded) {
                    return; // disarmed or re-armed while this task was about to run
                }
                pending = null;
            }
            connection.closeSilently();
        }
    }
}

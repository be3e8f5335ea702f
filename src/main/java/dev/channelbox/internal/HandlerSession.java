package dev.channelbox.internal;

import dev.channelbox.WebSocketDisconnect;

import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives a route handler for one connection: the container's threads queue inbound messages in the
 * connection, and the handler method runs on its own thread ({@link HandlerThreads}), taking them
 * with {@code receive*}. The close is queued behind the messages, so a handler sees every message
 * that arrived before it.
 */
final class HandlerSession implements RouteSession {

    private static final Logger LOG = Logger.getLogger(HandlerSession.class.getName());

    private final Connection connection;
    private final Route route;
    private final HandlerThreads threads;

    HandlerSession(Connection connection, HandlerThreads threads) {
        this.connection = connection;
        this.route = connection.route();
        this.threads = threads;
    }

    @Override
    public void open() {
        connection.receiveMessages(connection::deliver, b -> {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            connection.deliver(bytes);
        });
        String address = connection.handshake().client().host();
        switch (threads.start(address, this::run)) {
            case STARTED -> { }
            case POOL_FULL -> {
                LOG.warning(() -> "ChannelBox: all " + route.path() + " handler threads are busy; refusing " + connection.id()
                        + " with 1013 (raise channelbox.handler-threads, or run on Java 21+ for virtual threads)");
                connection.close(1013, "server busy, try again later");
            }
            case STOPPED -> connection.close(1001, "server closing"); // the application stops as this connection opens
            case ADDRESS_FULL -> {
                // fine, not warning: one log line per refused connection would be the attacker's amplifier
                LOG.fine(() -> "ChannelBox: " + address + " holds " + threads.perAddress() + " handler threads (its share"
                        + " of channelbox.handler-threads); refusing " + connection.id() + " on " + route.path() + " with 1013");
                connection.close(1013, "too many handlers for this address");
            }
        }
    }

    /** The handler's thread. */
    private void run() {
        Route.Instance instance = null;
        // one context (CDI's request context) for the handler's whole run, ended when it returns
        try (Route.Call call = route.instances().beginCall()) {
            instance = route.instances().create();
            route.method().invoke(instance.get(), arguments());
            finish();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketDisconnect) {
                return; // the connection is closed; the handler let the disconnect end it
            }
            fail(cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            fail(e);
        } finally {
            if (instance != null) {
                try {
                    instance.destroy();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "ChannelBox: destroying the bean of " + route.source() + " failed", e);
                }
            }
        }
    }

    /**
     * The handler returned: 1000 if it accepted, else 1008 as Nexios's lifecycle requires; 1001 if it
     * returned because its thread was interrupted (the application is stopping: a container interrupts
     * its managed threads then, and a receive throws the 1001 disconnect the handler may have caught).
     */
    private void finish() {
        if (Thread.currentThread().isInterrupted()) {
            connection.close(1001, "server shutting down");
        } else if (connection.isAccepted()) {
            connection.close(1000, "");
        } else {
            connection.close(1008, "connection not accepted");
        }
    }

    private Object[] arguments() {
        List<String> parameters = route.parameters();
        Object[] args = new Object[parameters.size()];
        for (int i = 0; i < args.length; i++) {
            String name = parameters.get(i);
            args[i] = name.isEmpty() ? connection : connection.pathParams().get(name);
        }
        return args;
    }

    private void fail(Throwable e) {
        LOG.log(Level.WARNING, "ChannelBox: handler " + route.source() + " threw on " + route.path() + " (channel "
                + connection.id() + "); closing with 1011", e);
        if (connection.isOpen()) {
            connection.close(1011, "internal error"); // a no-op when already closing
        }
    }

    @Override
    public void closed(int code, String reason) {
        // leave the groups at once: the handler may be busy elsewhere and notice the close late
        connection.markClosed(code, reason);
        connection.runtime().release(connection);
    }

    @Override
    public void unreadControlFrames() {
        connection.dropUnreadControlFrames();
    }

    @Override
    public void error(Throwable error) {
        LOG.log(Level.FINE, "ChannelBox: transport error on " + connection, error);
    }
}

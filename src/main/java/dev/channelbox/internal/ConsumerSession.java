package dev.channelbox.internal;

import dev.channelbox.PayloadType;
import dev.channelbox.WebSocketConsumer;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives a {@link WebSocketConsumer} for one connection. Every method runs on a container thread,
 * and the container delivers open, messages and close one at a time, so the consumer's methods
 * never run concurrently. Each call of the consumer (its creation with {@code onConnect}, each
 * {@code onReceive} or {@code onInvalidMessage}, {@code onDisconnect}) runs in a context of its own
 * ({@link Route.InstanceProvider#beginCall()}: CDI's request context), ended when the call returns.
 */
final class ConsumerSession implements RouteSession {

    private static final Logger LOG = Logger.getLogger(ConsumerSession.class.getName());

    private final Connection connection;
    private final Route route;
    private final AtomicBoolean released = new AtomicBoolean();

    private Route.Instance instance;
    private WebSocketConsumer<?> consumer;
    private PayloadType encoding;

    // A close reported while open() runs (user code in onConnect closed the connection, or threw, and
    // the container reported it at once, as Tyrus does) is handled when open() has returned, never
    // inside onConnect: the consumer's methods run one at a time.
    private final Object opening = new Object();
    private boolean openRunning = true; // guarded by opening
    private int pendingCode = -1;       // guarded by opening

    ConsumerSession(Connection connection) {
        this.connection = connection;
        this.route = connection.route();
    }

    @Override
    public void open() {
        try (Route.Call call = route.instances().beginCall()) {
            start();
        } finally {
            int code;
            synchronized (opening) {
                openRunning = false;
                code = pendingCode;
            }
            if (code != -1) {
                finishClose(code);
            }
        }
    }

    private void start() {
        try {
            instance = route.instances().create();
            consumer = (WebSocketConsumer<?>) instance.get();
            // WebSocketConsumer's class is initialised now that an instance exists: its door is installed
            ConsumerAccess door = door();
            door.bind(consumer, connection, connection.runtime(), route.inferredEncoding());
            encoding = door.encoding(consumer);
            checkEncoding();
            connection.createChannelOnAccept(encoding, door.expires(consumer));
        } catch (RuntimeException e) {
            fail("creating the consumer", e);
            return;
        }
        connection.receiveMessages(this::onText, this::onBinary);
        try {
            consumer.onConnect(connection);
        } catch (RuntimeException e) {
            fail("onConnect", e);
            return;
        }
        if (!connection.isAccepted()) {
            connection.close(1008, "connection not accepted");
        }
    }

    /** A whole message within the route's limit (InboundParts checked it). */
    private void onText(String text) {
        if (!connection.admit()) {
            return;
        }
        if (encoding == PayloadType.BYTES) {
            connection.close(1003, "this endpoint accepts binary messages only");
            return;
        }
        Object data;
        if (encoding == PayloadType.TEXT) {
            data = text;
        } else {
            try {
                data = connection.runtime().codec().fromJson(text, route.messageType());
            } catch (RuntimeException invalid) {
                try (Route.Call call = route.instances().beginCall()) {
                    door().invalidMessage(consumer, connection, invalid);
                } catch (RuntimeException e) {
                    fail("onInvalidMessage", e);
                }
                return;
            }
        }
        receive(data);
    }

    private void onBinary(ByteBuffer buffer) {
        if (!connection.admit()) {
            return;
        }
        if (encoding != PayloadType.BYTES) {
            connection.close(1003, "this endpoint accepts text messages only");
            return;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        receive(route.messageType() == ByteBuffer.class ? ByteBuffer.wrap(bytes) : bytes);
    }

    private void receive(Object data) {
        if (!connection.isOpen()) {
            return;
        }
        try (Route.Call call = route.instances().beginCall()) {
            door().receive(consumer, connection, data);
        } catch (RuntimeException e) {
            fail("onReceive", e);
        }
    }

    @Override
    public void closed(int code, String reason) {
        connection.markClosed(code, reason);
        synchronized (opening) {
            if (openRunning) {
                pendingCode = code;
                return;
            }
        }
        finishClose(code);
    }

    /** onDisconnect, leaving the groups, destroying the consumer: once. */
    private void finishClose(int code) {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try (Route.Call call = route.instances().beginCall()) {
            if (consumer != null && connection.isAccepted()) {
                consumer.onDisconnect(connection, code);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelBox: " + route.source() + ".onDisconnect threw on " + route.path()
                    + " (channel " + connection.id() + ")", e);
        } finally {
            // after onDisconnect: the consumer could still tell its groups that it leaves
            connection.runtime().release(connection);
            if (instance != null) {
                try {
                    instance.destroy();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "ChannelBox: destroying " + route.source() + " failed", e);
                }
            }
        }
    }

    @Override
    public void unreadControlFrames() {
        connection.dropUnreadControlFrames();
    }

    @Override
    public void error(Throwable error) {
        LOG.log(Level.FINE, "ChannelBox: transport error on " + connection, error);
    }

    /** The text-frame types a TEXT consumer can take, and what JSON needs. */
    private void checkEncoding() {
        Type t = route.messageType();
        boolean textual = t == String.class || t == CharSequence.class || t == Object.class;
        boolean binary = t == byte[].class || t == ByteBuffer.class || t == Object.class;
        if ((encoding == PayloadType.TEXT && !textual) || (encoding == PayloadType.BYTES && !binary)) {
            throw new IllegalStateException("encoding() is " + encoding + " but the consumer receives " + t.getTypeName()
                    + ": TEXT needs String, BYTES needs byte[] or ByteBuffer");
        }
    }

    private static ConsumerAccess door() {
        return ConsumerAccess.get();
    }

    private void fail(String where, RuntimeException e) {
        LOG.log(Level.WARNING, "ChannelBox: " + route.source() + " threw in " + where + " on " + route.path()
                + " (channel " + connection.id() + "); closing with 1011", e);
        connection.close(1011, "internal error");
    }
}

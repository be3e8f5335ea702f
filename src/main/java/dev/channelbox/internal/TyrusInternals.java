package dev.channelbox.internal;

import jakarta.websocket.Session;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that knows how Tyrus 2.1 keeps a session's wire: {@code TyrusSession}'s remote holds
 * the {@code TyrusWebSocket}, whose {@code ProtocolHandler} holds the writer; and, for
 * {@link #transportCloser}, what lies under a session of Undertow or of Tyrus on a servlet upgrade. Raw writes
 * ({@link TyrusWire}) and the servlet input's frame scanner on Payara reach Tyrus through here, by
 * reflection only (no Tyrus class is linked), so a container without Tyrus, or a Tyrus of another
 * shape, makes them fall back to the standard API instead of failing.
 */
public final class TyrusInternals {

    private TyrusInternals() {
    }

    /**
     * The {@code ProtocolHandler} of a Tyrus session, or null when {@code session} is not Tyrus's.
     *
     * @throws ReflectiveOperationException Tyrus's internals have another shape
     */
    public static Object protocolHandler(Session session) throws ReflectiveOperationException {
        if (!session.getClass().getName().equals("org.glassfish.tyrus.core.TyrusSession")) {
            return null;
        }
        // the field, not getAsyncRemote(): Tyrus refuses that once the session is closed
        Object remote = field(session.getClass(), "asyncRemote").get(session);
        Object webSocket = field(remote.getClass().getSuperclass(), "webSocket").get(remote);
        return field(webSocket.getClass(), "protocolHandler").get(webSocket);
    }

    /** The writer a protocol handler writes frames with. */
    public static Object writer(Object protocolHandler) throws ReflectiveOperationException {
        return field(protocolHandler.getClass(), "writer").get(protocolHandler);
    }

    /**
     * What closes the transport under {@code session} without a closing handshake, idempotent; null
     * where there is none we can reach. Found while the connection is open (the {@code Connection} asks
     * once, at open): after a close some of the way there is gone (Catalina's {@code WebConnection} lets
     * go of its request when Tyrus closes it). Tyrus: its writer (the socket on Grizzly), or in a servlet
     * container the Grizzly connection under the upgrade, terminated (see {@link #servletConnection});
     * Undertow: the channel's XNIO connection. Open Liberty drops a peer that does not read by itself.
     */
    static Runnable transportCloser(Session session) {
        try {
            if (session.getClass().getName().equals("io.undertow.websockets.jsr.UndertowSession")) {
                Object webSocketChannel = field(session.getClass(), "webSocketChannel").get(session);
                return field(webSocketChannel.getClass(), "channel").get(webSocketChannel) instanceof Closeable connection
                        ? quietly(connection::close) : null;
            }
            Object protocolHandler = protocolHandler(session);
            Object writer = protocolHandler == null ? null : writer(protocolHandler);
            if (writer == null) {
                return null;
            }
            Object grizzly = servletConnection(writer);
            if (grizzly != null) {
                Method terminate = method(grizzly.getClass(), "terminateSilently");
                return quietly(() -> terminate.invoke(grizzly));
            }
            return writer instanceof Closeable transport ? quietly(transport::close) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.getLogger(TyrusInternals.class.getName()).log(Level.FINE, "ChannelBox: no transport to close found", e);
            return null;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Runnable quietly(Step step) {
        return () -> {
            try {
                step.run();
            } catch (Exception | LinkageError e) {
                Logger.getLogger(TyrusInternals.class.getName()).log(Level.FINE, "ChannelBox: closing a transport", e);
            }
        };
    }

    /**
     * Tyrus on a servlet upgrade (Payara, GlassFish): how many writes wait for the peer to read, or null
     * where that cannot be counted. They wait in two places: Tyrus's servlet writer queues each frame
     * (its own and the pongs it answers pings with) once the servlet output is not ready, and the Grizzly
     * connection under it queues those the socket did not take. Found while the connection is open; the
     * count reads both queues' sizes without their locks (a moment's estimate, which is all a bound needs).
     */
    public static IntSupplier servletWriteBacklog(Object writer) {
        Collection<?> tyrus = null;
        Collection<?> grizzly = null;
        try {
            if (field(writer.getClass(), "queue").get(writer) instanceof Collection<?> q) {
                tyrus = q;
            }
            Object connection = servletConnection(writer);
            Object taskQueue = connection == null ? null : method(connection.getClass(), "getAsyncWriteQueue").invoke(connection);
            if (taskQueue != null && method(taskQueue.getClass(), "getQueue").invoke(taskQueue) instanceof Collection<?> q) {
                grizzly = q;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.getLogger(TyrusInternals.class.getName()).log(Level.FINE, "ChannelBox: a write queue under the servlet upgrade is not reachable", e);
        }
        Collection<?> a = tyrus;
        Collection<?> b = grizzly;
        return a == null && b == null ? null : () -> (a == null ? 0 : a.size()) + (b == null ? 0 : b.size());
    }

    /**
     * Tyrus on a servlet upgrade (Payara, GlassFish): the Grizzly connection under it (writer → upgrade
     * handler → {@code WebConnection} → Catalina request → Grizzly request → connection), or null where
     * that chain is not there. The {@code WebConnection}'s own close is graceful: it waits for what is
     * queued for the peer, which a peer that reads nothing never takes; the connection is terminated.
     */
    private static Object servletConnection(Object writer) {
        if (!writer.getClass().getName().equals("org.glassfish.tyrus.servlet.TyrusServletWriter")) {
            return null;
        }
        try {
            Object handler = field(writer.getClass(), "tyrusHttpUpgradeHandler").get(writer);
            // Tyrus may hand the container a proxy that delegates to the real handler; the real one keeps
            // the WebConnection (its getter is package-private)
            if (handler.getClass().getName().equals("org.glassfish.tyrus.servlet.TyrusServletUpgrade$TyrusHttpUpgradeHandlerProxy")) {
                handler = field(handler.getClass(), "handler").get(handler);
            }
            Object webConnection = field(handler.getClass(), "wc").get(handler);
            Object request = field(webConnection.getClass(), "request").get(webConnection);
            Object grizzlyRequest = method(request.getClass(), "getCoyoteRequest").invoke(request);
            return method(grizzlyRequest.getClass(), "getConnection").invoke(grizzlyRequest);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.getLogger(TyrusInternals.class.getName()).log(Level.FINE, "ChannelBox: no Grizzly connection under the servlet upgrade", e);
            return null;
        }
    }

    /**
     * Fields found so far, per class and name: every connection reaches the same fields of the same
     * classes, and a lookup that walks up the superclasses costs a {@code NoSuchFieldException}, with
     * its stack trace, per class that does not declare the field (tens of microseconds under a
     * container's deep stacks, several per connection). Held by this class, so by the application:
     * gone with it.
     */
    private static final Map<Class<?>, Map<String, Field>> FIELDS = new ConcurrentHashMap<>();

    /** The field {@code name}, declared by {@code type} or a superclass (a container may subclass: CDI), made accessible. */
    public static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Map<String, Field> known = FIELDS.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
        Field f = known.get(name);
        if (f == null) {
            f = find(type, name);
            known.put(name, f);
        }
        return f;
    }

    private static final Map<Class<?>, Map<String, Method>> METHODS = new ConcurrentHashMap<>();

    /**
     * The public method {@code name(parameters)} of {@code type}, made accessible; found once per class
     * and signature ({@code Class.getMethod} copies the class's methods on every call).
     */
    public static Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        String key = parameters.length == 0 ? name : name + Arrays.toString(parameters);
        Map<String, Method> known = METHODS.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
        Method m = known.get(key);
        if (m == null) {
            m = type.getMethod(name, parameters);
            m.setAccessible(true);
            known.put(key, m);
        }
        return m;
    }

    private static Field find(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) { // no exception per class that does not declare it
                if (f.getName().equals(name)) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}

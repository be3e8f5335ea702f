package dev.channelbox.internal;

import jakarta.websocket.Session;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that knows how Tyrus 2.1 keeps a session's wire: {@code TyrusSession}'s remote holds
 * the {@code TyrusWebSocket}, whose {@code ProtocolHandler} holds the writer. Raw writes
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
        Object remote = session.getAsyncRemote();
        Object webSocket = field(remote.getClass().getSuperclass(), "webSocket").get(remote);
        return field(webSocket.getClass(), "protocolHandler").get(webSocket);
    }

    /** The writer a protocol handler writes frames with. */
    public static Object writer(Object protocolHandler) throws ReflectiveOperationException {
        return field(protocolHandler.getClass(), "writer").get(protocolHandler);
    }

    /**
     * Closes the transport under a Tyrus session (its writer: the socket on Grizzly, the
     * {@code WebConnection} in a servlet container) without a closing handshake; idempotent.
     *
     * @return whether there was such a transport to close (false: not Tyrus, or another shape)
     */
    static boolean closeTransport(Session session) {
        try {
            Object protocolHandler = protocolHandler(session);
            if (protocolHandler != null && writer(protocolHandler) instanceof Closeable transport) {
                transport.close();
                return true;
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            Logger.getLogger(TyrusInternals.class.getName()).log(Level.FINE, "ChannelBox: cannot close the transport", e);
        }
        return false;
    }

    /** The field {@code name}, declared by {@code type} or a superclass (a container may subclass: CDI), made accessible. */
    public static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException notHere) {
                // look further up
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}

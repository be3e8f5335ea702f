package dev.channelbox.cdi;

import dev.channelbox.internal.HandshakeData;
import dev.channelbox.internal.Route;
import dev.channelbox.internal.RouteSession;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one {@link Endpoint} class of the library: one instance per connection, created by
 * {@link RouteConfigurator}, delegating every callback to the connection's {@link RouteSession}.
 */
public final class RouteEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(RouteEndpoint.class.getName());

    private final Route route;
    private final RouteConfigurator configurator;
    // set in onOpen before the connection starts: a close during onConnect (or a handler that returns at
    // once) is reported to onClose while onOpen is still running, or on another thread
    private volatile RouteSession session;

    RouteEndpoint(Route route, RouteConfigurator configurator) {
        this.route = route;
        this.configurator = configurator;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object h = config.getUserProperties().get(RouteConfigurator.HANDSHAKE);
        HandshakeData handshake = h instanceof HandshakeData hs ? hs : HandshakeData.UNKNOWN;
        RouteSession routeSession;
        try {
            routeSession = configurator.runtime().open(route, session, handshake);
        } catch (RuntimeException e) {
            // Tyrus hands an exception from onOpen to onError only, where there is no RouteSession
            // yet: without this the client would hold an open connection that nothing serves, and
            // nothing would be logged (seen on Payara).
            LOG.log(Level.SEVERE, "ChannelBox: cannot open a connection on " + route.path(), e);
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error"));
            } catch (IOException | RuntimeException closing) {
                LOG.log(Level.FINE, "ChannelBox: closing after a failed open", closing);
            }
            return;
        }
        this.session = routeSession;
        if (SERVLET && routeSession != RouteSession.NONE) {
            // Payara, WildFly: the route's size limit on each frame header, before the runtime buffers the frame
            int limit = configurator.runtime().configFor(route).maxMessageSize();
            if (!TyrusServletInput.install(session, limit, routeSession)) {
                UndertowInput.install(session, limit);
            }
        }
        routeSession.open();
    }

    /** Whether the Servlet API is there (not standalone), so {@link TyrusServletInput} can load (and we are in a container). */
    private static final boolean SERVLET = present("jakarta.servlet.ServletInputStream");

    private static boolean present(String className) {
        try {
            Class.forName(className, false, RouteEndpoint.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (this.session != null) {
            this.session.closed(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        if (this.session != null) {
            this.session.error(error);
        }
    }
}

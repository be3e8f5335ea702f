package dev.channelbox.cdi;

import dev.channelbox.internal.HandshakeData;
import dev.channelbox.internal.Route;
import dev.channelbox.internal.RouteSession;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * The one {@link Endpoint} class of the library: one instance per connection, created by
 * {@link RouteConfigurator}, delegating every callback to the connection's {@link RouteSession}.
 */
public final class RouteEndpoint extends Endpoint {

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
        RouteSession routeSession = configurator.runtime().open(route, session, handshake);
        this.session = routeSession;
        routeSession.open();
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

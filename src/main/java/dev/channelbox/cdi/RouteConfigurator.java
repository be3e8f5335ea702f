package dev.channelbox.cdi;

import dev.channelbox.WebSocket;
import dev.channelbox.internal.ChannelBoxRuntime;
import dev.channelbox.internal.HandshakeData;
import dev.channelbox.internal.HandshakePeer;
import dev.channelbox.internal.Route;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One per route. Creates the per-connection {@link RouteEndpoint} (the container would otherwise
 * instantiate it itself and never release anything) and captures what {@code Session} does not
 * expose: headers and the peer's address.
 */
final class RouteConfigurator extends ServerEndpointConfig.Configurator {

    static final String HANDSHAKE = HandshakeData.class.getName();

    private final Route route;
    private final ChannelBoxExtension extension;
    private volatile ChannelBoxRuntime runtime;

    RouteConfigurator(Route route, ChannelBoxExtension extension) {
        this.route = route;
        this.extension = extension;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : request.getHeaders().entrySet()) {
            headers.merge(e.getKey().toLowerCase(Locale.ROOT), String.join(", ", e.getValue()), (a, b) -> a + ", " + b);
        }
        WebSocket.Client peer = HandshakePeer.current();
        // The per-handshake copy of the user properties (the container hands the same map to onOpen).
        sec.getUserProperties().put(HANDSHAKE,
                new HandshakeData(headers, peer != null ? peer : HandshakeData.UNKNOWN.client()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return (T) new RouteEndpoint(route, this);
    }

    /** The application's engine, looked up on first use (the bean is created lazily). */
    ChannelBoxRuntime runtime() {
        ChannelBoxRuntime r = runtime;
        if (r == null) {
            var bm = extension.beanManager();
            r = runtime = bm.createInstance().select(DefaultChannelBox.class).get().runtime();
        }
        return r;
    }
}

package dev.channelbox.cdi;

import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;
import dev.channelbox.internal.ChannelBoxRuntime;
import dev.channelbox.internal.HandshakeData;
import dev.channelbox.internal.HandshakeGate;
import dev.channelbox.internal.HandshakePeer;
import dev.channelbox.internal.HandshakeView;
import dev.channelbox.internal.OriginPolicy;
import dev.channelbox.internal.PathTemplate;
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
    private volatile HandshakeGate gate;

    RouteConfigurator(Route route, ChannelBoxExtension extension) {
        this.route = route;
        this.extension = extension;
    }

    /**
     * An explicit origin allowlist is checked here, where every container answers a refusal with
     * HTTP 403. (The default same-origin rule needs the Host header, which this method does not get:
     * it is checked with the other handshake rules below.)
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        List<String> allowed = runtime().configFor(route).allowedOrigins();
        return allowed.isEmpty() || originHeaderValue == null || originHeaderValue.isEmpty()
                || OriginPolicy.allowedByList(originHeaderValue, allowed);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        WebSocket.Client peer = HandshakePeer.current();
        WebSocket.Client client = peer != null ? peer : HandshakeData.UNKNOWN.client();
        // the path within the application: a container's request URI starts with the context path
        String path = PathTemplate.tail(route.path(), request.getRequestURI() == null ? "" : request.getRequestURI().getRawPath());
        HandshakePeer.Checked checked = HandshakePeer.checkedFor(route, path); // a front end may have checked this route already
        Verdict verdict = checked == null ? null : checked.verdict();
        Map<String, String> headers = checked == null ? null : checked.headers();
        if (headers == null) {
            headers = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : request.getHeaders().entrySet()) {
                headers.merge(e.getKey().toLowerCase(Locale.ROOT), String.join(", ", e.getValue()), (a, b) -> a + ", " + b);
            }
        }
        if (verdict == null) {
            Map<String, String> pathParams = PathTemplate.match(route.path(), path);
            HandshakeView view = new HandshakeView(path, pathParams == null ? Map.of() : pathParams, headers,
                    firstValues(request.getParameterMap()), HandshakeView.parseCookies(headers.get("cookie")),
                    request.getUserPrincipal(), request::isUserInRole, client);
            verdict = gate().check(route, view);
        }
        // The per-handshake copy of the user properties (the container hands the same map to onOpen).
        // A refusal found here is carried out in onOpen: accepted, then closed at once with 1008,
        // before any user code runs (the API cannot fail the upgrade with 401 here).
        sec.getUserProperties().put(HANDSHAKE, new HandshakeData(headers, client, verdict));
    }

    private HandshakeGate gate() {
        HandshakeGate g = gate;
        if (g == null) {
            g = gate = new HandshakeGate(List.of(route), runtime());
        }
        return g;
    }

    private static Map<String, String> firstValues(Map<String, List<String>> parameters) {
        Map<String, String> first = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    first.put(k, v.get(0));
                }
            });
        }
        return first;
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
            r = runtime = extension.channelBox().runtime();
        }
        return r;
    }
}

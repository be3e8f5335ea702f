package dev.channelbox.internal;

import dev.channelbox.Handshake;
import dev.channelbox.Verdict;

import java.util.List;
import java.util.Map;

/**
 * The checks a connection passes before any user code sees it: the origin, then the route's access
 * rules. Front ends that see the HTTP request before the WebSocket layer (the standalone server's
 * Grizzly filter) use it to answer 401/403 themselves; the endpoint configurator uses it during the
 * handshake otherwise, and a refusal is then an immediate close with 1008.
 */
public final class HandshakeGate {

    private final List<Route> routes;
    private final ChannelBoxRuntime runtime;

    public HandshakeGate(List<Route> routes, ChannelBoxRuntime runtime) {
        this.routes = List.copyOf(routes);
        this.runtime = runtime;
    }

    /** The route serving {@code path}, with its path parameters, or null. */
    public Match match(String path) {
        for (Route r : routes) {
            Map<String, String> params = PathTemplate.match(r.path(), path);
            if (params != null) {
                return new Match(r, params);
            }
        }
        return null;
    }

    /** A route and the values of its path parameters. */
    public record Match(Route route, Map<String, String> pathParams) {
    }

    /** Origin first (403), then the route's access rules (401/403). */
    public Verdict check(Route route, Handshake h) {
        var config = runtime.configFor(route);
        if (!OriginPolicy.allows(h.headers().get("origin"), h.headers().get("host"), config.allowedOrigins())) {
            return Verdict.forbidden("origin not allowed");
        }
        return route.access().check(h, route.source());
    }
}

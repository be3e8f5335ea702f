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

    /**
     * The route that serves {@code path} (the request path within the application, as sent:
     * percent-encoded), with its path parameters, or null.
     *
     * <p>Precedence is the Jakarta WebSocket specification's (2.1, §3.1.1), which the containers
     * follow when they pick the endpoint: an exact path before any template, and between two templates
     * that match, compared segment by segment from the left, the first segment where one has a
     * literal and the other a variable decides for the literal. So {@code /rooms/admin} is served by
     * a route {@code /rooms/admin} even where {@code /rooms/{id}} was declared first; the checks run
     * here must be the checks of that route (a guard on it must not be skipped).
     */
    public Match match(String path) {
        Match best = null;
        for (Route r : routes) {
            Map<String, String> params = PathTemplate.match(r.path(), path);
            if (params != null && (best == null || PathTemplate.precedes(r.path(), best.route().path()))) {
                best = new Match(r, params);
            }
        }
        return best;
    }

    /** A route and the values of its path parameters. */
    public record Match(Route route, Map<String, String> pathParams) {
    }

    /** Origin first (403), then the route's access rules (401/403). */
    public Verdict check(Route route, Handshake h) {
        Verdict verdict = checkOnce(route, h);
        if (!verdict.isAllowed()) {
            // counted here: a refused handshake is checked once (by the HTTP front, or in the configurator)
            runtime.counters().refusedHandshake();
        }
        return verdict;
    }

    private Verdict checkOnce(Route route, Handshake h) {
        var config = runtime.configFor(route);
        if (!OriginPolicy.allows(h.headers().get("origin"), h.headers().get("host"), config.allowedOrigins())) {
            return Verdict.forbidden("origin not allowed");
        }
        return route.access().check(h, route.source());
    }
}

package dev.channelbox.cdi;

import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;
import dev.channelbox.internal.HandshakeGate;
import dev.channelbox.internal.HandshakePeer;
import dev.channelbox.internal.HandshakeView;
import dev.channelbox.internal.QueryString;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * In a web application, runs the handshake checks (origin, guard, authentication, roles) of the
 * route a WebSocket upgrade asks for before the container upgrades, so a refused client gets a real
 * HTTP 401 or 403. Where the container upgrades before any application filter runs, the same checks
 * run in {@link RouteConfigurator#modifyHandshake} and a refusal becomes an immediate close with
 * 1008; the verdict found here is handed on through {@link HandshakePeer} so a guard runs once.
 */
final class HandshakeGateFilter implements Filter {

    private volatile HandshakeGate gate;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(req, res);
            return;
        }
        HandshakeGate g = gate();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        HandshakeGate.Match match = g == null ? null : g.match(path);
        if (match == null) {
            chain.doFilter(req, res);
            return;
        }
        HandshakeView view = view(request, path, match);
        Verdict verdict = g.check(match.route(), view);
        if (verdict.isAllowed()) {
            HandshakePeer.checked(match.route(), path, verdict, view.headers());
            chain.doFilter(req, res);
            return;
        }
        response.setStatus(verdict.status());
        if (verdict.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().println(verdict.reason());
    }

    private static HandshakeView view(HttpServletRequest request, String path, HandshakeGate.Match match) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
            }
        }
        return new HandshakeView(path, match.pathParams(), headers, QueryString.parse(request.getQueryString()),
                HandshakeView.parseCookies(headers.get("cookie")), request.getUserPrincipal(), request::isUserInRole,
                new WebSocket.Client(request.getRemoteAddr(), request.getRemotePort()));
    }

    /** Built on the first upgrade request: CDI and the routes are ready by then. */
    private HandshakeGate gate() {
        HandshakeGate g = gate;
        if (g == null) {
            try {
                ChannelBoxExtension extension = CDI.current().getBeanManager().getExtension(ChannelBoxExtension.class);
                g = gate = new HandshakeGate(extension.routes(), extension.channelBox().runtime());
            } catch (RuntimeException noCdi) {
                return null; // not a ChannelBox application after all: the container does the rest
            }
        }
        return g;
    }
}

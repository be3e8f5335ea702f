package dev.channelbox.standalone;

import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;
import dev.channelbox.internal.HandshakeGate;
import dev.channelbox.internal.HandshakePeer;
import dev.channelbox.internal.HandshakeView;
import dev.channelbox.internal.QueryString;

import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.MimeHeaders;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * In front of Tyrus: records each request's remote address and port, declines upgrades other than
 * WebSocket, and runs the handshake checks of the route a WebSocket upgrade asks for, so a refused
 * client gets a real HTTP 401 or 403 instead of an accepted-then-closed connection. A WebSocket
 * upgrade that breaks RFC 6455 §4.2.1 gets 400, another protocol version 426 ({@link UpgradeRequestCheck}).
 */
final class HandshakeFilter extends BaseFilter {
    private final HandshakeGate gate;

    HandshakeFilter(HandshakeGate gate) {
        this.gate = gate;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Object message = ctx.getMessage();
        if (!(message instanceof HttpContent content) || !(content.getHttpHeader() instanceof HttpRequestPacket request)) {
            return ctx.getInvokeAction();
        }
        HandshakePeer.set(request.getRemoteAddress(), request.getRemotePort());
        String upgrade = request.getUpgrade();
        if (upgrade == null || upgrade.isEmpty()) {
            return ctx.getInvokeAction();
        }
        if (!"websocket".equalsIgnoreCase(upgrade)) {
            // An upgrade we do not do (h2c from curl or the JDK client): answer as plain
            // HTTP/1.1, which RFC 9110 allows; otherwise Grizzly drops the response headers.
            request.getUpgradeDC().recycle();
            request.setIgnoreContentModifiers(false);
            return ctx.getInvokeAction();
        }
        UpgradeRequestCheck.Problem problem = UpgradeRequestCheck.check(request);
        if (problem != null) {
            PlainAnswer.send(ctx, request, problem.status(), problem.reasonPhrase(), problem.message(), problem.headers());
            return ctx.getStopAction();
        }
        String path = request.getRequestURI();
        HandshakeGate.Match match = gate.match(path);
        if (match == null) {
            return ctx.getInvokeAction(); // Tyrus answers unknown paths
        }
        HandshakeView view = view(request, path, match);
        Verdict verdict = gate.check(match.route(), view);
        if (verdict.isAllowed()) {
            HandshakePeer.checked(match.route(), path, verdict, view.headers());
            return ctx.getInvokeAction();
        }
        refuse(ctx, request, verdict);
        return ctx.getStopAction();
    }

    private static HandshakeView view(HttpRequestPacket request, String path, HandshakeGate.Match match) {
        Map<String, String> headers = new LinkedHashMap<>();
        MimeHeaders all = request.getHeaders();
        for (int i = 0, n = all.size(); i < n; i++) { // by index: a lookup by name walks every header
            headers.merge(all.getName(i).toString().toLowerCase(Locale.ROOT), all.getValue(i).toString(), (a, b) -> a + ", " + b);
        }
        return new HandshakeView(path, match.pathParams(), headers, QueryString.parse(request.getQueryString()),
                HandshakeView.parseCookies(headers.get("cookie")), null, role -> false,
                new WebSocket.Client(request.getRemoteAddress(), request.getRemotePort()));
    }

    private static void refuse(FilterChainContext ctx, HttpRequestPacket request, Verdict verdict) {
        PlainAnswer.send(ctx, request, verdict.status(), verdict.status() == 401 ? "Unauthorized" : "Forbidden",
                verdict.reason(), verdict.status() == 401 ? Map.of("WWW-Authenticate", "Bearer") : Map.of());
    }
}

package dev.channelbox.containers.app;

import dev.channelbox.Handshake;
import dev.channelbox.HandshakeGuard;
import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketRoute;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.server.PathParam;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes whose templates overlap, with a guard on the more specific one, declared in both orders:
 * the specification's precedence (an exact path before a template; the first segment where one
 * template has a literal and the other a variable decides for the literal) picks the guarded route
 * for {@code /rooms/admin}, {@code /halls/admin} and {@code /deep/admin/end}, so its guard must run,
 * and run once. Each route tells the client who served it; the guarded ones also tell how many times
 * the guard ran for this handshake (the client's {@code X-Probe} header names the handshake);
 * {@code /guard-calls/{probe}} tells it for a refused one.
 */
@ApplicationScoped
public class OverlappingRoutes {

    @Inject
    AdminGuard guard;

    @WebSocketRoute("/rooms/{id}")
    void room(WebSocket ws, @PathParam("id") String id) {
        ws.accept();
        ws.sendText("room " + id);
    }

    @WebSocketRoute(value = "/rooms/admin", guard = AdminGuard.class)
    void roomsAdmin(WebSocket ws) {
        admin(ws, "rooms admin");
    }

    @WebSocketRoute(value = "/halls/admin", guard = AdminGuard.class)
    void hallsAdmin(WebSocket ws) {
        admin(ws, "halls admin");
    }

    @WebSocketRoute("/halls/{id}")
    void hall(WebSocket ws, @PathParam("id") String id) {
        ws.accept();
        ws.sendText("hall " + id);
    }

    @WebSocketRoute("/deep/{a}/end")
    void deepEnd(WebSocket ws, @PathParam("a") String a) {
        ws.accept();
        ws.sendText("deep end " + a);
    }

    @WebSocketRoute(value = "/deep/admin/{b}", guard = AdminGuard.class)
    void deepAdmin(WebSocket ws, @PathParam("b") String b) {
        admin(ws, "deep admin " + b);
    }

    /** How many times the guard ran for a handshake that carried {@code X-Probe: probe} (for refused ones). */
    @WebSocketRoute("/guard-calls/{probe}")
    void guardCalls(WebSocket ws, @PathParam("probe") String probe) {
        ws.accept();
        ws.sendText(String.valueOf(guard.calls(probe)));
    }

    private void admin(WebSocket ws, String who) {
        ws.accept();
        ws.sendText(who + ", guard calls " + guard.calls(ws.headers().getOrDefault("x-probe", "")));
    }

    /** Admits a handshake with {@code X-Admin: yes}; counts its calls per {@code X-Probe} header. */
    @ApplicationScoped
    public static class AdminGuard implements HandshakeGuard {
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public Verdict check(Handshake handshake) {
            String probe = handshake.headers().getOrDefault("x-probe", "");
            calls.computeIfAbsent(probe, p -> new AtomicInteger()).incrementAndGet();
            return "yes".equals(handshake.headers().get("x-admin")) ? Verdict.allow() : Verdict.forbidden("admins only");
        }

        int calls(String probe) {
            AtomicInteger n = calls.remove(probe);
            return n == null ? 0 : n.get();
        }
    }
}

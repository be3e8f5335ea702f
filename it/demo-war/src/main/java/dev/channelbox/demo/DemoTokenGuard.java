package dev.channelbox.demo;

import dev.channelbox.Handshake;
import dev.channelbox.HandshakeGuard;
import dev.channelbox.Verdict;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The demo's bearer-token check: {@code Authorization: Bearer demo-token}, or {@code ?token=demo-token}
 * for browsers (which cannot set headers on a WebSocket). A real application would look the token up.
 */
@ApplicationScoped
public class DemoTokenGuard implements HandshakeGuard {

    static final String TOKEN = "demo-token";

    @Override
    public Verdict check(Handshake handshake) {
        String header = handshake.headers().getOrDefault("authorization", "");
        String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : handshake.queryParams().getOrDefault("token", "");
        return TOKEN.equals(token) ? Verdict.allow(() -> "demo-user")
                : Verdict.unauthorized("a valid token is required");
    }
}

package dev.channelbox.internal;

import dev.channelbox.Handshake;
import dev.channelbox.WebSocket;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The {@link Handshake} a guard sees, built from whichever front end saw the request. */
public record HandshakeView(String path, Map<String, String> pathParams, Map<String, String> headers,
                            Map<String, String> queryParams, Map<String, String> cookies, Principal user,
                            Predicate<String> roles, WebSocket.Client client) implements Handshake {

    public HandshakeView {
        pathParams = Map.copyOf(pathParams);
        headers = Map.copyOf(headers);
        queryParams = Map.copyOf(queryParams);
        cookies = Map.copyOf(cookies);
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(user);
    }

    @Override
    public boolean isUserInRole(String role) {
        return user != null && roles.test(role);
    }

    /** Cookies from a {@code Cookie} header ({@code a=1; b=2}). */
    public static Map<String, String> parseCookies(String header) {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (header == null) {
            return cookies;
        }
        for (String part : header.split("[;,]")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String name = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                cookies.putIfAbsent(name, value);
            }
        }
        return cookies;
    }

    @Override
    public String toString() {
        return "Handshake[" + path + " from " + client + "]"; // no headers: they may hold credentials
    }
}

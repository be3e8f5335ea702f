package dev.channelbox.internal;

import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the HTTP upgrade request told us that {@code Session} does not: the headers, the peer's
 * address, and whether the handshake checks let it through. Captured by the endpoint configurator
 * during the handshake.
 */
public record HandshakeData(Map<String, String> headers, WebSocket.Client client, Verdict verdict) {

    public static final HandshakeData UNKNOWN = new HandshakeData(Map.of(), new WebSocket.Client("", -1), Verdict.allow());

    /**
     * Header names and values that nearly every upgrade request carries, as one shared instance each:
     * a connection keeps its headers as long as it lives, and its own copies of {@code "host"} or
     * {@code "websocket"} would be a few hundred bytes of every idle connection's heap.
     */
    private static final Map<String, String> COMMON = Stream.of(
                    "host", "upgrade", "connection", "origin", "user-agent", "cookie", "authorization",
                    "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol",
                    "accept", "accept-encoding", "accept-language", "cache-control", "pragma", "referer",
                    "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port",
                    "x-real-ip", "x-request-id", "content-length",
                    "websocket", "Upgrade", "upgrade", "keep-alive, Upgrade", "Keep-Alive, Upgrade", "13", "no-cache",
                    "permessage-deflate; client_max_window_bits", "permessage-deflate", "gzip, deflate, br",
                    "gzip, deflate, br, zstd", "gzip, deflate", "gzip")
            .distinct().collect(Collectors.toUnmodifiableMap(Function.identity(), Function.identity()));

    public HandshakeData {
        Map<String, String> shared = new HashMap<>(headers.size() * 2);
        headers.forEach((name, value) -> shared.put(COMMON.getOrDefault(name, name), COMMON.getOrDefault(value, value)));
        headers = Map.copyOf(shared);
    }
}

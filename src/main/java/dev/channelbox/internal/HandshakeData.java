package dev.channelbox.internal;

import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;

import java.util.Map;

/**
 * What the HTTP upgrade request told us that {@code Session} does not: the headers, the peer's
 * address, and whether the handshake checks let it through. Captured by the endpoint configurator
 * during the handshake.
 */
public record HandshakeData(Map<String, String> headers, WebSocket.Client client, Verdict verdict) {

    public static final HandshakeData UNKNOWN = new HandshakeData(Map.of(), new WebSocket.Client("", -1), Verdict.allow());

    public HandshakeData {
        headers = Map.copyOf(headers);
    }
}

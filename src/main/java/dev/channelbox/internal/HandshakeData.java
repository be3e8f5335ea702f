package dev.channelbox.internal;

import dev.channelbox.WebSocket;

import java.util.Map;

/**
 * What the HTTP upgrade request told us that {@code Session} does not: the headers and the peer's
 * address. Captured by the endpoint configurator during the handshake.
 */
public record HandshakeData(Map<String, String> headers, WebSocket.Client client) {

    public static final HandshakeData UNKNOWN = new HandshakeData(Map.of(), new WebSocket.Client("", -1));

    public HandshakeData {
        headers = Map.copyOf(headers);
    }
}

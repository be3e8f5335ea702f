package dev.channelbox.containers.app;

import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/**
 * Routes for the inbound size limit ({@code SizeLimitScenarios}): each answers a message with
 * "ok" and its size in bytes, so a client can tell a message was delivered whole without having it
 * echoed back. A route handler with the default limit (64 KiB), one with its own limit of 1000
 * bytes, and a binary consumer with the default limit.
 */
@ApplicationScoped
public class SizeLimitRoutes {

    @WebSocketRoute("/size/text")
    void text(WebSocket ws) {
        ws.accept();
        while (true) {
            ws.sendText("ok " + ws.receiveText().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @WebSocketRoute(value = "/size/small", maxMessageSize = 1000)
    void small(WebSocket ws) {
        text(ws);
    }

    /** A consumer of binary messages. */
    @WebSocketRoute("/size/bytes")
    public static class Bytes extends WebSocketConsumer<byte[]> {
        @Override
        public void onConnect(WebSocket ws) {
            ws.accept();
        }

        @Override
        public void onReceive(WebSocket ws, byte[] data) {
            ws.sendText("ok " + data.length);
        }
    }
}

package dev.channelbox.containers.app;

import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A consumer with an injected bean and a {@code @PreDestroy}: on connect it tells the client its
 * connection id, the deployment it runs in (through the injected {@link Probe}) and the address
 * {@code client()} reports; when the connection is over, {@code @PreDestroy} records the id, which
 * {@code GET /api/probe/destroyed} lists. Every text message is echoed, so a client can tell it is
 * still being served.
 */
@WebSocketRoute("/probe/consumer")
public class ProbeConsumer extends WebSocketConsumer<String> {

    @Inject
    Probe probe;

    private String id;

    @Override
    public void onConnect(WebSocket ws) {
        ws.accept();
        id = ws.id();
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("id", id);
        hello.put("deployment", probe.deployment());
        hello.put("host", ws.client().host());
        hello.put("port", ws.client().port());
        ws.sendJson(hello);
    }

    @Override
    public void onReceive(WebSocket ws, String data) {
        ws.sendText(data);
    }

    @PreDestroy
    void destroyed() {
        if (id != null) {
            probe.destroyed(id);
        }
    }
}

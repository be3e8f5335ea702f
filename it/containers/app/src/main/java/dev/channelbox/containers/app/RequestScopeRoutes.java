package dev.channelbox.containers.app;

import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A consumer and a handler that use the request-scoped {@link Visit} and tell the client what they saw. */
public final class RequestScopeRoutes {

    private RequestScopeRoutes() {
    }

    /** {@code "connect <visit>"}, {@code "receive <visit>"} per message; onDisconnect's visit goes to the probe. */
    @WebSocketRoute("/probe/request-scope")
    public static class Consumer extends WebSocketConsumer<String> {
        @Inject
        Visit visit;
        @Inject
        Probe probe;

        @Override
        public void onConnect(WebSocket ws) {
            ws.accept();
            ws.sendText("connect " + visit.use());
        }

        @Override
        public void onReceive(WebSocket ws, String data) {
            ws.sendText("receive " + visit.use());
        }

        @Override
        public void onDisconnect(WebSocket ws, int closeCode) {
            probe.disconnectVisit(visit.use());
        }
    }

    /** Echoes each message with its visit until {@code bye}: one request context for the whole run. */
    @ApplicationScoped
    public static class Handler {
        @Inject
        Visit visit;

        @WebSocketRoute("/probe/request-scope-handler")
        void run(WebSocket ws) {
            ws.accept();
            String message;
            while (!(message = ws.receiveText()).equals("bye")) {
                ws.sendText(message + " " + visit.use());
            }
        }
    }
}

package dev.channelbox.demo;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.PayloadType;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketDisconnect;
import dev.channelbox.WebSocketRoute;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import jakarta.websocket.server.PathParam;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/** The seed's function-based examples, one route handler each. */
@ApplicationScoped
public class SeedRoutes {

    private static final Logger LOG = Logger.getLogger(SeedRoutes.class.getName());

    @Inject
    ChannelBox box;

    /** 1. Creating a WebSocket endpoint: a text echo. */
    @WebSocketRoute("/ws")
    void basic(WebSocket ws) {
        ws.accept();
        try {
            while (true) {
                String data = ws.receiveText();
                ws.sendText("You said: " + data);
            }
        } catch (WebSocketDisconnect e) {
            LOG.fine(() -> "Connection closed: " + e.code());
        }
    }

    /** 2. Binary messages: echoes every binary frame. */
    @WebSocketRoute("/bytes")
    void bytes(WebSocket ws) {
        ws.accept();
        while (true) {
            ws.sendBytes(ws.receiveBytes());
        }
    }

    /** 3. Connection lifecycle: JSON in, {@code {"received": data}} out. */
    @WebSocketRoute("/chat")
    void chat(WebSocket ws) {
        ws.accept();                                        // 1. accept
        try {
            while (true) {
                Object data;
                try {
                    data = ws.receiveJson(Object.class);     // 2. receive
                } catch (JsonbException invalid) {
                    ws.sendJson(Map.of("status", "error", "message", "Invalid JSON"));
                    continue;
                }
                Object response = processMessage(data);      // 3. process
                ws.sendJson(response);                       // 4. send
            }
        } catch (WebSocketDisconnect e) {
            LOG.fine("Client disconnected");                 // 5. handle disconnect
        } finally {
            ws.close();                                      // 6. clean up
        }
    }

    private static Object processMessage(Object data) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("received", data);
        return response;
    }

    /** Accessing connection details, without a room. */
    @WebSocketRoute("/info")
    void info(WebSocket ws) {
        ws.accept();
        ws.sendJson(details(ws));
    }

    /** Accessing connection details, with the path parameter. */
    @WebSocketRoute("/info/{room_id}")
    void infoInRoom(WebSocket ws) {
        ws.accept();
        ws.sendJson(details(ws));
    }

    private static Map<String, Object> details(WebSocket ws) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("ip", ws.client().host());
        info.put("headers", ws.headers());
        info.put("query", ws.queryString());
        info.put("room_id", ws.pathParams().get("room_id")); // null without the parameter
        return info;
    }

    /** Error handling: bad JSON gets an error reply and the connection stays open. */
    @WebSocketRoute("/safe")
    void safe(WebSocket ws) {
        ws.accept();
        try {
            while (true) {
                try {
                    Object data = ws.receiveJson(Object.class);
                    Map<String, Object> reply = new LinkedHashMap<>(); // Map.of refuses a JSON null
                    reply.put("status", "success");
                    reply.put("data", data);
                    ws.sendJson(reply);
                } catch (JsonbException e) {
                    ws.sendJson(Map.of("status", "error", "message", "Invalid JSON"));
                }
            }
        } catch (WebSocketDisconnect e) {
            LOG.fine(() -> "Client disconnected with code " + e.code() + ": " + e.reason());
        } catch (RuntimeException e) {
            LOG.warning("Unexpected error: " + e);
            ws.close(1011, "internal error");
        }
    }

    /** Basic room operations, function-based: everything said is broadcast to the room, with history. */
    @WebSocketRoute("/room/{room_name}")
    void room(WebSocket ws, @PathParam("room_name") String roomName) {
        ws.accept();
        Channel channel = box.createChannel(ws, PayloadType.JSON, Duration.ofHours(1));
        box.addChannelToGroup(channel, roomName);
        try {
            while (true) {
                Map<?, ?> data;
                try {
                    data = ws.receiveJson(Map.class);
                } catch (JsonbException invalid) {
                    ws.sendJson(Map.of("status", "error", "message", "Invalid JSON"));
                    continue;
                }
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("user", data.get("user"));
                payload.put("message", data.get("message"));
                payload.put("timestamp", Clock.unixSeconds());
                box.groupSend(roomName, payload, true);
            }
        } catch (WebSocketDisconnect e) {
            LOG.fine(() -> "Left " + roomName + ": " + e.code());
        } finally {
            box.removeChannelFromGroup(channel, roomName);
            ws.close();
        }
    }
}

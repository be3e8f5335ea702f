package dev.channelbox.demo;

import dev.channelbox.JoinStatus;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A protected room: only clients with the demo token get in ({@link DemoTokenGuard}: HTTP 401
 * otherwise), and a room holds at most 100 members.
 */
@WebSocketRoute(value = "/secure/{room}", guard = DemoTokenGuard.class, maxGroupMembers = 100)
public class SecureRoom extends WebSocketConsumer<Map<String, Object>> {

    private String room;
    private String user;

    @Override
    public void onConnect(WebSocket ws) {
        ws.accept();
        room = ws.pathParams().get("room");
        user = ws.principal().map(Principal::getName).orElse("anonymous");
        if (joinGroup(room) == JoinStatus.GROUP_FULL) {
            ws.sendJson(Map.of("type", "error", "message", "room " + room + " is full"));
            ws.close(1008, "room full");
            return;
        }
        broadcast(Map.of("type", "system", "message", user + " joined " + room, "users", group(room).size()), room);
    }

    @Override
    public void onReceive(WebSocket ws, Map<String, Object> data) {
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("type", "chat");
        chat.put("user", user);
        chat.put("message", data.get("message"));
        chat.put("timestamp", Clock.unixSeconds());
        broadcast(chat, room, true);
    }
}

package dev.channelbox.demo;

import dev.channelbox.RateLimitAction;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed's complete chat room example, message for message, with the guards of a public page: only
 * pages from localhost may connect, and a client sending more than 20 messages a second (bursts of
 * 40) gets {@code {"type":"error","message":"rate limit exceeded"}} instead of a broadcast.
 */
@WebSocketRoute(value = "/chat/{room_id}",
        allowedOrigins = {"http://localhost:*", "http://127.0.0.1:*"},
        rateLimit = 20, rateBurst = 40, rateLimitAction = RateLimitAction.REPLY_ERROR)
public class ChatRoom extends WebSocketConsumer<Map<String, Object>> {

    private String room;
    private String user;

    @Override
    public void onConnect(WebSocket ws) {
        ws.accept();
        room = ws.pathParams().get("room_id");
        user = ws.queryParams().getOrDefault("username", "anonymous");

        joinGroup(room);
        broadcast(system(user + " joined the chat", userCount()), room, true);
    }

    @Override
    public void onReceive(WebSocket ws, Map<String, Object> data) {
        if ("message".equals(data.get("type"))) {
            Map<String, Object> chat = new LinkedHashMap<>();
            chat.put("type", "chat");
            chat.put("user", user);
            chat.put("message", data.get("content"));
            chat.put("timestamp", Clock.unixSeconds());
            broadcast(chat, room, true);
        }
    }

    @Override
    public void onDisconnect(WebSocket ws, int closeCode) {
        // The seed broadcasts first and counts "size - 1"; leaving first gives the same messages and
        // an exact count even when several users leave at once (each sees the others already gone).
        leaveGroup(room);
        broadcast(system(user + " left the chat", userCount()), room, true);
    }

    private int userCount() {
        return group(room).size();
    }

    private static Map<String, Object> system(String message, int users) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "system");
        m.put("message", message);
        m.put("timestamp", Clock.unixSeconds());
        m.put("users", users);
        return m;
    }
}

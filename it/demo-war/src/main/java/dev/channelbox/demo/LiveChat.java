package dev.channelbox.demo;

import dev.channelbox.RateLimitAction;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chat of the demo page (index.html, on channelbox.js): the seed's chat room with what a person
 * expects of one. Presence (so positioned): the page gets the room's members and their joins and
 * leaves, and every chat message with its position, so after a reconnect (to this node or another)
 * it gets what it missed, once. A new page asks for the room's history from the start
 * ({@code ?recover=room@:0}). On connect the page is told its own channel id, to mark its messages;
 * too fast a sender gets the route's rate-limit error.
 */
@WebSocketRoute(value = "/live/{room}", presence = true,
        allowedOrigins = {"http://localhost:*", "http://127.0.0.1:*"},
        rateLimit = 20, rateBurst = 40, rateLimitAction = RateLimitAction.REPLY_ERROR)
public class LiveChat extends WebSocketConsumer<Map<String, Object>> {

    static final int MAX_MESSAGE = 2_000;

    private String room;
    private String user;

    @Override
    public void onConnect(WebSocket ws) {
        ws.accept();
        room = ws.pathParams().get("room");
        user = ws.queryParams().getOrDefault("username", "").strip();
        if (user.isEmpty() || user.length() > 40) {
            ws.close(1008, "a username of 1 to 40 characters");
            return;
        }
        ws.sendJson(Map.of("type", "hello", "id", channel().id(), "room", room));
        channel().setAttributes(Map.of("user", user));
        joinGroup(room);
    }

    @Override
    public void onReceive(WebSocket ws, Map<String, Object> data) {
        if ("message".equals(data.get("type")) && data.get("content") instanceof String content && !content.isBlank()) {
            if (content.length() > MAX_MESSAGE) {
                ws.sendJson(Map.of("type", "error", "message", "a message has at most " + MAX_MESSAGE + " characters"));
                return;
            }
            Map<String, Object> chat = new LinkedHashMap<>();
            chat.put("type", "chat");
            chat.put("user", user);
            chat.put("from", channel().id());
            chat.put("message", content);
            chat.put("timestamp", Clock.unixSeconds());
            broadcast(chat, room, true);
        }
    }
}

package dev.channelbox.demo;

import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import java.util.LinkedHashMap;
import java.util.Map;

/** The seed's class-based room ({@code ChatEndpoint}). */
@WebSocketRoute("/consumer/{room_name}")
public class ChatEndpoint extends WebSocketConsumer<Map<String, Object>> {

    @Override
    public void onConnect(WebSocket ws) {
        ws.accept();
        String roomName = ws.pathParams().get("room_name");
        joinGroup(roomName);
        broadcast(Map.of("system", "New user joined " + roomName), roomName);
    }

    @Override
    public void onReceive(WebSocket ws, Map<String, Object> data) {
        String roomName = ws.pathParams().get("room_name");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("user", data.get("user"));
        message.put("message", data.get("message"));
        message.put("timestamp", Clock.unixSeconds());
        broadcast(message, roomName, true);
    }

    @Override
    public void onDisconnect(WebSocket ws, int closeCode) {
        String roomName = ws.pathParams().get("room_name");
        broadcast(Map.of("system", "User left " + roomName), roomName);
        leaveGroup(roomName);
    }
}

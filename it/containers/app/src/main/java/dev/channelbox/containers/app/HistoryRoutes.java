package dev.channelbox.containers.app;

import dev.channelbox.ChannelBox;
import dev.channelbox.HistoryEntry;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import jakarta.inject.Inject;

/**
 * A room whose messages are kept in history: each text message is sent to the room with history;
 * {@code "history"} answers the room's history: a text of its entries' JSON, one per line. How many it keeps
 * comes from the WAR's {@code microprofile-config.properties}.
 */
@WebSocketRoute("/probe/history/{room}")
public class HistoryRoutes extends WebSocketConsumer<String> {

    @Inject
    ChannelBox box;

    private String room;

    @Override
    public void onConnect(WebSocket ws) {
        ws.accept();
        room = ws.pathParams().get("room");
    }

    @Override
    public void onReceive(WebSocket ws, String data) {
        if (data.equals("history")) {
            ws.sendText(String.join("\n", box.showHistory(room).stream().map(HistoryEntry::json).toList()));
        } else {
            box.groupSend(room, data, true);
            ws.sendText("saved");
        }
    }
}

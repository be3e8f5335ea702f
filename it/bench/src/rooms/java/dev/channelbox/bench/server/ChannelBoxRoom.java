package dev.channelbox.bench.server;

import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

/**
 * Ours: a ChannelBox consumer, the README's chat room reduced to the benchmark's protocol. Every
 * connection joins {@code {room}}; a publish command from any member is broadcast to the room with
 * {@code groupSend} (no history). {@code String} makes it a TEXT consumer, so the payload goes out
 * as is, like the baselines' {@code sendText}.
 */
@WebSocketRoute("/cb/{room}")
public class ChannelBoxRoom extends WebSocketConsumer<String> {

    private String room;

    @Override
    public void onConnect(WebSocket ws) {
        ws.accept();
        room = ws.pathParams().get("room");
        joinGroup(room);
    }

    @Override
    public void onReceive(WebSocket ws, String command) {
        broadcast(Payloads.build(command), room);
    }
}

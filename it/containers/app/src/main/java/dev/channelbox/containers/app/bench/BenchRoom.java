package dev.channelbox.containers.app.bench;

import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

/**
 * The fan-out benchmark's ChannelBox room, in a container ({@code mvn -q -Pbench -Dbench.containers},
 * it/bench/README.md): the same consumer as the benchmark's {@code ChannelBoxRoom}. Every connection
 * joins {@code {room}}; a publish command from any member is broadcast to the room.
 */
@WebSocketRoute("/bench/cb/{room}")
public class BenchRoom extends WebSocketConsumer<String> {

    private String room;

    @Override
    public void onConnect(WebSocket ws) {
        ws.accept();
        room = ws.pathParams().get("room");
        joinGroup(room);
    }

    @Override
    public void onReceive(WebSocket ws, String command) {
        broadcast(BenchPayloads.build(command), room);
    }
}

package dev.channelbox.bench.server;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Baseline (a): the room a user writes by hand without us. A plain JSR-356 endpoint keeps a
 * {@code Set<Session>} per room and broadcasts by iterating it with
 * {@code getBasicRemote().sendText}, on the thread that received the publish command.
 */
@ServerEndpoint("/loop/{room}")
public class LoopEndpoint {

    static final ConcurrentHashMap<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();

    @OnOpen
    public void open(Session session, @PathParam("room") String room) {
        ROOMS.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
    }

    @OnClose
    public void close(Session session, @PathParam("room") String room) {
        Set<Session> members = ROOMS.get(room);
        if (members != null) {
            members.remove(session);
        }
    }

    @OnMessage
    public void message(String command, @PathParam("room") String room) {
        String payload = Payloads.build(command);
        for (Session member : ROOMS.getOrDefault(room, Set.of())) {
            try {
                member.getBasicRemote().sendText(payload);
            } catch (IOException | IllegalStateException e) {
                // a member that is closing: its onClose removes it
            }
        }
    }

    /** Members of {@code room} now (the harness waits for a room to be complete). */
    public static int size(String room) {
        Set<Session> members = ROOMS.get(room);
        return members == null ? 0 : members.size();
    }
}

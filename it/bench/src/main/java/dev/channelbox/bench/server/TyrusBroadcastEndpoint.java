package dev.channelbox.bench.server;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import org.glassfish.tyrus.core.TyrusSession;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reference (b): Tyrus's own {@link TyrusSession#broadcast(String)}, which frames the message once
 * and writes the same bytes to every open session of the endpoint: the near-limit of what Tyrus can
 * do, without rooms (every session of this endpoint is in the one "room"). It keeps only a count per
 * room (for the harness), so its heap per connection is the container's own.
 */
@ServerEndpoint("/tyrus/{room}")
public class TyrusBroadcastEndpoint {

    static final ConcurrentHashMap<String, AtomicInteger> SIZES = new ConcurrentHashMap<>();

    @OnOpen
    public void open(@PathParam("room") String room) {
        SIZES.computeIfAbsent(room, r -> new AtomicInteger()).incrementAndGet();
    }

    @OnClose
    public void close(@PathParam("room") String room) {
        SIZES.get(room).decrementAndGet();
    }

    @OnMessage
    public void message(Session session, String command) {
        ((TyrusSession) session).broadcast(Payloads.build(command));
    }

    static int size(String room) {
        AtomicInteger n = SIZES.get(room);
        return n == null ? 0 : n.get();
    }
}

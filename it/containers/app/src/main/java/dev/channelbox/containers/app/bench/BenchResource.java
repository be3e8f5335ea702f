package dev.channelbox.containers.app.bench;

import dev.channelbox.ChannelBox;
import dev.channelbox.bench.server.LoopEndpoint;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * How many members a room of the fan-out benchmark holds ({@code ChannelBoxRoom} at {@code /cb/{room}},
 * {@code LoopEndpoint} at {@code /loop/{room}}, compiled into this WAR from it/bench/src/rooms): the
 * harness of its container cells waits for a room to be complete.
 */
@Path("/bench")
@Produces(MediaType.TEXT_PLAIN)
public class BenchResource {

    @Inject
    ChannelBox box;

    @GET
    @Path("/{server}/{room}")
    public String size(@PathParam("server") String server, @PathParam("room") String room) {
        return switch (server) {
            case "cb" -> Integer.toString(box.group(room).size());
            case "loop" -> Integer.toString(LoopEndpoint.size(room));
            default -> throw new NotFoundException(server);
        };
    }
}

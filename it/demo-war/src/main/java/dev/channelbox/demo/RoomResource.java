package dev.channelbox.demo;

import dev.channelbox.ChannelBox;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * "Inject ChannelBox anywhere": the README's REST resource, word for word. A posted JSON object is
 * broadcast into the room (with history); the answer is how many members it was queued for.
 */
@Path("/rooms/{room}/messages")
public class RoomResource {

    @Inject
    ChannelBox box;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public int post(@PathParam("room") String room, Map<String, Object> message) {
        return box.groupSend(room, message, true).queued();
    }
}

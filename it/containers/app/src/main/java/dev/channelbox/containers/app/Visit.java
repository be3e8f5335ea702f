package dev.channelbox.containers.app;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * A request-scoped bean the WebSocket callbacks use: a new one per request context, which records
 * its end in {@link Probe} ({@code GET /api/probe/request-ended}).
 */
@RequestScoped
public class Visit {

    @Inject
    Probe probe;

    private final String id = UUID.randomUUID().toString();
    private int uses;

    /** A real method of the bean: its id and how many times it was used in this context. */
    public String use() {
        uses++;
        return id + "#" + uses;
    }

    @PreDestroy
    void end() {
        probe.requestEnded(id);
    }
}

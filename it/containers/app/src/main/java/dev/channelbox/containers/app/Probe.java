package dev.channelbox.containers.app;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the container tests ask the application about: which deployment answers (a new id after a
 * redeploy) and which consumers were destroyed.
 */
@ApplicationScoped
public class Probe {

    private final String deployment = UUID.randomUUID().toString();
    private final List<String> destroyed = new CopyOnWriteArrayList<>();
    private final List<String> requestsEnded = new CopyOnWriteArrayList<>();
    private final List<String> disconnectVisits = new CopyOnWriteArrayList<>();

    /** Random per deployment of the WAR. */
    public String deployment() {
        return deployment;
    }

    void destroyed(String connectionId) {
        destroyed.add(connectionId);
    }

    /** The ids of the connections whose consumer ran {@code @PreDestroy}. */
    public List<String> destroyed() {
        return List.copyOf(destroyed);
    }

    void requestEnded(String visit) {
        requestsEnded.add(visit);
    }

    /** The ids of the request-scoped {@link Visit}s destroyed so far. */
    public List<String> requestsEnded() {
        return List.copyOf(requestsEnded);
    }

    void disconnectVisit(String visit) {
        disconnectVisits.add(visit);
    }

    /** What onDisconnect of {@link RequestScopeRoutes.Consumer} saw, in order. */
    public List<String> disconnectVisits() {
        return List.copyOf(disconnectVisits);
    }
}

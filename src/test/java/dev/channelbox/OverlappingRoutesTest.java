package dev.channelbox;

import dev.channelbox.containers.app.OverlappingRoutes;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.OverlappingRouteScenarios;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The overlapping-route scenarios on the embedded server (the front filter answers 403 before Tyrus
 * picks the endpoint). The same scenarios run on every container in {@code it/containers}.
 */
class OverlappingRoutesTest implements OverlappingRouteScenarios {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(OverlappingRoutes.class, OverlappingRoutes.AdminGuard.class);

    @Override
    public int targetPort() {
        return server.port();
    }

    @Override
    public String fixtureContextPath() {
        return "";
    }
}

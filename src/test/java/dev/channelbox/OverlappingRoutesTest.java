package dev.channelbox;

import dev.channelbox.containers.app.OverlappingRoutes;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.OverlappingRouteScenarios;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The overlapping-route scenarios on the embedded server (the front filter answers 403 before Tyrus
 * picks the endpoint). The same scenarios run on every container in {@code it/containers}.
 */
class OverlappingRoutesTest implements OverlappingRouteScenarios {

    private static ChannelBoxServer server;

    @BeforeAll
    static void start() {
        server = ChannelBoxServer.builder().host("127.0.0.1").port(0)
                .beanClasses(OverlappingRoutes.class, OverlappingRoutes.AdminGuard.class).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public int targetPort() {
        return server.port();
    }

    @Override
    public String targetContextPath() {
        return "";
    }
}

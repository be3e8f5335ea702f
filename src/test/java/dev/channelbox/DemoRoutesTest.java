package dev.channelbox;

import dev.channelbox.demo.DemoServer;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.AddressShareScenarios;
import dev.channelbox.testing.DemoScenarios;
import dev.channelbox.testing.PingFloodScenarios;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The demo scenarios on the real embedded server (Tyrus on Grizzly, Weld). The same scenarios run
 * against the demo WAR on Payara, WildFly and Open Liberty in {@code it/containers}.
 */
class DemoRoutesTest extends DemoScenarios implements AddressShareScenarios, PingFloodScenarios {

    private static ChannelBoxServer server;

    @BeforeAll
    static void start() {
        server = DemoServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected int port() {
        return server.port();
    }

    @Override
    protected String contextPath() {
        return "";
    }

    @Override
    public int targetPort() {
        return port();
    }

    @Override
    public String targetContextPath() {
        return contextPath();
    }
}

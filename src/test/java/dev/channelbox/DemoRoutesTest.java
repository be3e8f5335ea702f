package dev.channelbox;

import dev.channelbox.demo.DemoServer;
import dev.channelbox.testing.AddressShareScenarios;
import dev.channelbox.testing.DemoScenarios;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.PingFloodScenarios;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo scenarios on the real embedded server (Tyrus on Grizzly, Weld). The same scenarios run
 * against the demo WAR on Payara, WildFly and Open Liberty in {@code it/containers}.
 */
class DemoRoutesTest extends DemoScenarios implements AddressShareScenarios, PingFloodScenarios {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.startedBy(() -> DemoServer.start("127.0.0.1", 0));

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

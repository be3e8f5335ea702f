package dev.channelbox;

import dev.channelbox.fixtures.CdiFixtures.LifecycleLog;
import dev.channelbox.fixtures.CdiFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Consumers are CDI beans: injection, @PostConstruct / @PreDestroy, one instance per connection. */
class ConsumerCdiBehaviourTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(CdiFixtures.Greeter.class, CdiFixtures.LifecycleLog.class, CdiFixtures.GreetingConsumer.class);
    static LifecycleLog log;

    @BeforeAll
    static void start() {
        log = server.select(LifecycleLog.class);
    }

    @Test
    void anInjectedBeanWorksInOnConnect() {
        try (TestClient c = TestClient.connect(server.port(), "/cdi/greet?name=alice")) {
            assertEquals("hello alice from CDI", c.nextJsonObject().get("greeting"));
        }
    }

    @Test
    void eachConnectionGetsItsOwnConsumerInstance() {
        try (TestClient a = TestClient.connect(server.port(), "/cdi/greet?name=a");
             TestClient b = TestClient.connect(server.port(), "/cdi/greet?name=b")) {
            String instanceA = (String) a.nextJsonObject().get("instance");
            String instanceB = (String) b.nextJsonObject().get("instance");
            assertNotEquals(instanceA, instanceB);

            // per-instance state: each connection counts only its own messages
            a.send("{}");
            a.send("{}");
            b.send("{}");
            assertEquals(Map.of("instance", instanceA, "received", BigDecimal.ONE), a.nextJsonObject());
            assertEquals(Map.of("instance", instanceA, "received", BigDecimal.valueOf(2)), a.nextJsonObject());
            assertEquals(Map.of("instance", instanceB, "received", BigDecimal.ONE), b.nextJsonObject());
        }
    }

    @Test
    void preDestroyRunsAfterTheConnectionClosed() {
        try (TestClient stays = TestClient.connect(server.port(), "/cdi/greet?name=stays")) {
            String staysInstance = (String) stays.nextJsonObject().get("instance");
            TestClient leaves = TestClient.connect(server.port(), "/cdi/greet?name=leaves");
            String instance = (String) leaves.nextJsonObject().get("instance");
            assertEquals(List.of("postConstruct", "connect"), log.eventsOf(instance));

            leaves.closeNormally();
            eventually("@PreDestroy ran", () -> log.eventsOf(instance).contains("preDestroy"), () -> log.eventsOf(instance));
            assertEquals(List.of("postConstruct", "connect", "disconnect", "preDestroy"), log.eventsOf(instance));
            // the other connection's consumer is untouched
            assertEquals(List.of("postConstruct", "connect"), log.eventsOf(staysInstance));
            leaves.close();
        }
    }

    @Test
    void preDestroyRunsAfterAnAbruptDisconnectToo() {
        TestClient drops = TestClient.connect(server.port(), "/cdi/greet?name=drops");
        String instance = (String) drops.nextJsonObject().get("instance");
        drops.abort();
        eventually("@PreDestroy ran", () -> log.eventsOf(instance).contains("preDestroy"), () -> log.eventsOf(instance));
        assertEquals(List.of("postConstruct", "connect", "disconnect", "preDestroy"), log.eventsOf(instance));
    }
}

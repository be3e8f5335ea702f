package dev.channelbox;

import dev.channelbox.fixtures.ClusterFixtures;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.TestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics say what clients did: the MXBean {@code dev.channelbox:type=ChannelBox,application=...}
 * in the platform MBean server, and Micrometer meters {@code channelbox.*} on the application's
 * {@code MeterRegistry} bean; both gone when the server stops.
 */
class MetricsTest {

    /** The application's registry, as a Micrometer user provides it. */
    @ApplicationScoped
    public static class Registry {
        static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

        @Produces
        @ApplicationScoped
        MeterRegistry registry() {
            return REGISTRY;
        }
    }

    @WebSocketRoute(value = "/metrics/strict", rateLimit = 5, rateBurst = 5, rateLimitAction = RateLimitAction.CLOSE)
    public static class Strict extends WebSocketConsumer<String> {
        @Override
        public void onReceive(WebSocket ws, String data) {
            ws.sendText(data);
        }
    }

    @WebSocketRoute(value = "/metrics/members", authenticated = true)
    public static class MembersOnly extends WebSocketConsumer<String> {
    }

    @Test
    void refusedHandshakesAndRateLimitHitsAreCounted() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        try (ChannelBoxServer server = ChannelBoxServer.builder().host("127.0.0.1").port(0)
                .beanClasses(Strict.class, MembersOnly.class).start()) {
            ObjectName name = ((dev.channelbox.cdi.DefaultChannelBox) server.channelBox()).runtime().mbeanName();
            java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> dev.channelbox.testing.RawClient.connect(server.port(), "/metrics/members", 0, Map.of()));
            assertTrue(refused.getMessage().contains(" 401 "), refused.getMessage());
            assertEquals(1L, mbeans.getAttribute(name, "RefusedHandshakes"));
            try (TestClient c = TestClient.connect(server.port(), "/metrics/strict")) {
                for (int i = 0; i < 20 && c.sendIfOpen("m" + i); i++) {
                    // the server closes once the burst is spent, perhaps before all 20 have been sent
                }
                assertEquals(1008, c.awaitClose().code());
            }
            eventually("rate limit hits counted", () -> {
                try {
                    return (long) mbeans.getAttribute(name, "RateLimitHits") >= 1
                            && (long) mbeans.getAttribute(name, "MessagesIn") >= 6;
                } catch (javax.management.JMException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void theMBeanAndTheMetersCountWhatClientsDid() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        MeterRegistry meters = Registry.REGISTRY;
        ObjectName name;
        String room = "metrics";
        try (ChannelBoxServer server = ChannelBoxServer.builder().host("127.0.0.1").port(0)
                .beanClasses(ClusterFixtures.Member.class, Registry.class).start()) {
            name = server.channelBox() instanceof dev.channelbox.cdi.DefaultChannelBox box ? box.runtime().mbeanName() : null;
            assertTrue(name != null && mbeans.isRegistered(name), "registered: " + name);
            assertTrue(name.toString().startsWith("dev.channelbox:type=ChannelBox,application=channelbox"), name.toString());
            String application = name.getKeyProperty("application");
            try (TestClient a = TestClient.connect(server.port(), "/cluster/" + room);
                 TestClient b = TestClient.connect(server.port(), "/cluster/" + room);
                 TestClient c = TestClient.connect(server.port(), "/cluster/other")) {
                a.nextJsonObject();
                b.nextJsonObject();
                c.nextJsonObject();
                for (int i = 0; i < 3; i++) {
                    a.send("{\"n\":" + i + "}");
                }
                for (int i = 0; i < 3; i++) {
                    a.nextJsonObject();
                    b.nextJsonObject();
                }
                // 3 connections, 2 groups, 3 memberships; 3 messages in; out: 3 greetings + 3 x 2 broadcasts
                Map<String, Object> expected = Map.of("Connections", 3, "Groups", 2, "Members", 3L, "MessagesIn", 3L,
                        "MessagesOut", 9L, "RefusedHandshakes", 0L, "RateLimitHits", 0L, "BrokerReachable", true,
                        "Broker", "memory");
                for (var e : expected.entrySet()) {
                    assertEquals(e.getValue(), mbeans.getAttribute(name, e.getKey()), e.getKey());
                }
                assertEquals(3.0, meters.get("channelbox.connections").tag("application", application).gauge().value());
                assertEquals(2.0, meters.get("channelbox.groups").tag("application", application).gauge().value());
                assertEquals(3.0, meters.get("channelbox.messages.in").tag("application", application).functionCounter().count());
                assertEquals(9.0, meters.get("channelbox.messages.out").tag("application", application).functionCounter().count());
                assertEquals(1.0, meters.get("channelbox.broker.reachable").tag("application", application).gauge().value());
                c.closeNormally();
                eventually("a closed connection leaves the gauges, its messages stay counted",
                        () -> meters.get("channelbox.connections").tag("application", application).gauge().value() == 2.0);
                assertEquals(1, (int) mbeans.getAttribute(name, "Groups"));
                assertEquals(9L, mbeans.getAttribute(name, "MessagesOut"));
            }
        }
        assertFalse(mbeans.isRegistered(name), "unregistered when the server stops");
        Set<String> left = new java.util.TreeSet<>();
        meters.getMeters().forEach(m -> left.add(m.getId().getName()));
        assertEquals(Set.of(), left, "meters removed when the server stops");
    }
}

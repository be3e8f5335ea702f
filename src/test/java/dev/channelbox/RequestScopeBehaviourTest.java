package dev.channelbox;

import dev.channelbox.fixtures.RequestScopeFixtures;
import dev.channelbox.fixtures.RequestScopeFixtures.Ended;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.List;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code @RequestScoped} beans work in every callback: a consumer's onConnect, each onReceive and
 * onDisconnect get a request context of their own, ended (the bean's {@code @PreDestroy} run) when
 * the callback returns; a route handler gets one for its whole run.
 */
class RequestScopeBehaviourTest {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(RequestScopeFixtures.Visit.class,
            RequestScopeFixtures.Ended.class, RequestScopeFixtures.VisitConsumer.class, RequestScopeFixtures.VisitHandler.class);

    @Test
    void eachConsumerCallbackHasItsOwnRequestContextEndedWhenItReturns() {
        Ended ended = server.select(Ended.class);
        List<String> ids = new java.util.ArrayList<>();
        try (TestClient c = TestClient.connect(server.port(), "/request-scope/consumer")) {
            String[] connect = c.nextText().split(" ");
            assertEquals("connect", connect[0]);
            ids.add(firstUse(connect[1]));
            for (int i = 0; i < 3; i++) {
                c.send("m" + i);
                String[] receive = c.nextText().split(" ");
                assertEquals("receive", receive[0]);
                ids.add(firstUse(receive[1]));
            }
            // each callback's bean was destroyed when that callback returned, the connection still open
            eventually("the request-scoped beans of onConnect and each onReceive destroyed",
                    () -> ended.ids().containsAll(ids), ended::ids);
            c.closeNormally();
            eventually("onDisconnect ran", () -> !ended.disconnects().isEmpty(), ended::disconnects);
        }
        String disconnect = firstUse(ended.disconnects().get(0));
        ids.add(disconnect);
        eventually("onDisconnect's request-scoped bean destroyed", () -> ended.ids().contains(disconnect), ended::ids);
        assertEquals(5, new HashSet<>(ids).size(), "a new request context per callback: " + ids);
    }

    @Test
    void aHandlerRunsInOneRequestContextEndedWhenItReturns() {
        Ended ended = server.select(Ended.class);
        String id;
        try (TestClient c = TestClient.connect(server.port(), "/request-scope/handler")) {
            c.send("a");
            String[] first = c.nextText().split(" ");
            c.send("b");
            String[] second = c.nextText().split(" ");
            id = first[1].split("#")[0];
            assertEquals("a", first[0]);
            assertEquals(id + "#1", first[1]);
            assertEquals(id + "#2", second[1], "the same request-scoped bean for the handler's whole run");
            assertFalse(ended.ids().contains(id), "not ended while the handler runs");
            c.send("bye");
            assertEquals(1000, c.awaitClose().code());
        }
        eventually("the handler's request-scoped bean destroyed when it returned", () -> ended.ids().contains(id), ended::ids);
    }

    /** The id of a visit used once (its first use in a fresh request context). */
    private static String firstUse(String use) {
        String[] parts = use.split("#");
        assertEquals("1", parts[1], "a fresh request-scoped bean: " + use);
        return parts[0];
    }
}

package dev.channelbox.containers;

import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestRedis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The production story of "Several nodes": the same demo WAR (with Lettuce in {@code WEB-INF/lib}) on
 * two different runtimes at once, WildFly and Open Liberty, both told by their environment to share
 * their groups on one Redis. A chat room spans both servers, with one member count, and a REST call to
 * one server reaches a member on the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoRuntimesIT {

    private static final Map<String, String> ORIGIN = Map.of("Origin", "http://localhost");

    private TestRedis redis;
    private String prefix;
    private Container wildfly;
    private Container liberty;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Containers.selected("wildfly") && Containers.selected("liberty"),
                () -> "WildFly and Open Liberty are not both selected by -Dcontainers=" + System.getProperty("containers"));
        redis = TestRedis.shared();
        prefix = TestRedis.newPrefix();
        Map<String, String> env = Map.of("CHANNELBOX_REDIS_URL", redis.url(), "CHANNELBOX_REDIS_PREFIX", prefix);
        wildfly = new WildFly(System.getProperty("channelbox.wildfly-version")).asClusterNode(env);
        liberty = new OpenLiberty(System.getProperty("channelbox.liberty-version")).asClusterNode(env);
        // both at once: they are two nodes of one application
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> start(wildfly));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> start(liberty));
        CompletableFuture.allOf(a, b).get(Container.START_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    private static void start(Container c) {
        try {
            c.start();
        } catch (AssertionError | Exception e) {
            throw new AssertionError(c.title() + " did not start as a cluster node: " + e.getMessage()
                    + "\n    server logs: " + c.logs(), e);
        }
    }

    @AfterAll
    void stop() {
        for (Container c : new Container[] {wildfly, liberty}) {
            if (c != null) {
                c.close();
            }
        }
        if (redis != null) {
            redis.deleteKeys(prefix);
        }
    }

    private static String chat(String room, String user) {
        return War.DEMO.contextPath() + "/chat/" + room + "?username=" + user;
    }

    @Test
    void aChatRoomSpansWildFlyAndOpenLiberty() {
        try (TestClient ann = TestClient.connect(wildfly.port(), chat("lobby", "ann"), ORIGIN)) {
            Map<String, Object> joined = ann.nextJsonObject();
            assertEquals("ann joined the chat", joined.get("message"), "see " + wildfly.logs());
            assertEquals(new BigDecimal(1), joined.get("users"));
            try (TestClient bob = TestClient.connect(liberty.port(), chat("lobby", "bob"), ORIGIN)) {
                Map<String, Object> bobJoined = bob.nextJsonObject();
                assertEquals(new BigDecimal(2), bobJoined.get("users"), "one count across both servers");
                assertEquals(bobJoined, ann.nextJsonObject(), "ann, on WildFly, sees bob join on Open Liberty");
                ann.send("{\"type\":\"message\",\"content\":\"from WildFly\"}");
                assertEquals("from WildFly", bob.nextJsonObject().get("message"));
                bob.send("{\"type\":\"message\",\"content\":\"from Open Liberty\"}");
                ann.nextJsonObject(); // its own message
                assertEquals("from Open Liberty", ann.nextJsonObject().get("message"));
                bob.nextJsonObject();
            }
            Map<String, Object> left = ann.nextJsonObject();
            assertEquals("bob left the chat", left.get("message"));
            assertEquals(new BigDecimal(1), left.get("users"));
        }
    }

    @Test
    void aRestCallOnOneServerReachesMembersOnBoth() throws Exception {
        List<Object> annGot = new ArrayList<>();
        List<Object> bobGot = new ArrayList<>();
        try (TestClient ann = TestClient.connect(wildfly.port(), chat("news", "ann"), ORIGIN)) {
            // Bob joins once Ann's "joined" went out: a group send does not wait for Redis, so a Bob
            // joining while it is on its way gets it too (he is a member when Redis numbers it)
            annGot.add(ann.nextJsonObject().get("message"));
            try (TestClient bob = TestClient.connect(liberty.port(), chat("news", "bob"), ORIGIN)) {
                bobGot.add(bob.nextJsonObject().get("message"));
                annGot.add(ann.nextJsonObject().get("message"));
                HttpResponse<String> r = liberty.postJson(War.DEMO, "/api/rooms/news/messages", "{\"headline\":\"one Redis\"}");
                assertEquals(200, r.statusCode(), r.body());
                // a group send does not wait for Redis: it counts the members of the server that took it
                assertEquals("1", r.body().trim(), "bob, on the server that took the call");
                annGot.add(ann.nextJsonObject());
                bobGot.add(bob.nextJsonObject());
            }
        }
        assertEquals(List.of("ann joined the chat", "bob joined the chat", Map.of("headline", "one Redis")), annGot,
                "ann, on WildFly (bob got " + bobGot + ")");
        assertEquals(List.of("bob joined the chat", Map.of("headline", "one Redis")), bobGot, "bob, on Open Liberty");
    }

    /**
     * The demo page's route across the two runtimes: a client that was on WildFly comes back on Open
     * Liberty with its last position and gets exactly what was said meanwhile, in order: positions are
     * Redis's, the same on both.
     */
    @Test
    void aClientThatLeavesWildFlyRecoversOnOpenLibertyWhatItMissed() throws Exception {
        String room = "recovered";
        String last;
        try (TestClient ann = TestClient.connect(wildfly.port(), live(room, "ann"), ORIGIN)) {
            assertEquals("hello", ann.nextJsonObject().get("type"));
            assertEquals("members", ann.nextJsonObject().get("channelbox"));
            HttpResponse<String> r = liberty.postJson(War.DEMO, "/api/rooms/" + room + "/messages", "{\"n\":0}");
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> m = ann.nextJsonObject();
            assertEquals(Map.of("n", BigDecimal.ZERO), m.get("data"), m.toString());
            last = (String) m.get("position");
        }
        for (int i = 1; i <= 20; i++) {
            liberty.postJson(War.DEMO, "/api/rooms/" + room + "/messages", "{\"n\":" + i + "}");
        }
        try (TestClient back = ContainerScenarios.comeBackAndReadMissed(liberty.port(), live(room, "ann"), ORIGIN,
                room, last, 20)) {
            Map<String, Object> outcome = back.nextJsonObject();
            assertEquals(true, outcome.get("recovered"), outcome.toString());
            assertEquals(new BigDecimal(20), outcome.get("missed"));
        }
    }

    private static String live(String room, String user) {
        return War.DEMO.contextPath() + "/live/" + room + "?username=" + user;
    }
}

package dev.channelbox.containers;

import dev.channelbox.testing.AddressShareScenarios;
import dev.channelbox.testing.DemoScenarios;
import dev.channelbox.testing.Json;
import dev.channelbox.testing.OverlappingRouteScenarios;
import dev.channelbox.testing.PingFloodScenarios;
import dev.channelbox.testing.RawClient;
import dev.channelbox.testing.SizeLimitScenarios;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo WAR on a real application server: every demo scenario ({@link DemoScenarios}), plus what
 * only a container can show: a REST resource that injects {@code ChannelBox} broadcasting into a
 * room, consumers' {@code @Inject} and {@code @PreDestroy}, the client's address, many threads sending
 * to one channel, and a redeploy. One subclass per container; the server starts once per class and
 * stops whatever happened. A failure names the server's logs, kept under {@code target/containers/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ContainerScenarios extends DemoScenarios
        implements OverlappingRouteScenarios, AddressShareScenarios, SizeLimitScenarios, PingFloodScenarios {

    private Container container;
    private long startedAt;
    private long readyAt;

    @RegisterExtension
    final TestExecutionExceptionHandler pointAtLogs = new PointAtLogs();

    @Override
    public int targetPort() {
        return port();
    }

    @Override
    public String targetContextPath() {
        return contextPath();
    }

    /** The container's name in {@code -Dcontainers}. */
    abstract String containerId();

    /** The container this class tests (not started). */
    abstract Container container();

    @BeforeAll
    void startContainer() throws Exception {
        Assumptions.assumeTrue(Containers.selected(containerId()),
                () -> containerId() + " is not selected by -Dcontainers=" + System.getProperty("containers"));
        Container c = container();
        container = c;
        startedAt = System.nanoTime();
        try {
            c.start();
        } catch (AssertionError | Exception e) {
            throw new AssertionError(c.title() + " did not start with " + War.DEMO + " and " + War.PROBE + ": " + e.getMessage()
                    + "\n    server logs: " + c.logs(), e);
        }
        readyAt = System.nanoTime();
    }

    @AfterAll
    void stopContainer() {
        if (container != null) {
            long stopping = System.nanoTime();
            container.close();
            long end = System.nanoTime();
            if (readyAt == 0) {
                return;
            }
            System.out.printf("%s: started with the WAR in %.1f s, scenarios %.1f s, stopped in %.1f s (logs: %s)%n",
                    container.title(), secs(readyAt - startedAt), secs(stopping - readyAt), secs(end - stopping),
                    container.work);
        }
    }

    @Override
    protected int port() {
        return container.port();
    }

    /** The demo WAR's: its routes are the scenarios' (and the address-share and ping-flood ones'). */
    @Override
    protected String contextPath() {
        return War.DEMO.contextPath();
    }

    /** The probe WAR's: overlapping routes and size-limit routes are there. */
    @Override
    public String fixtureContextPath() {
        return War.PROBE.contextPath();
    }

    /** A client of the probe WAR's consumer, which greets with its deployment, id, host and port. */
    private TestClient probeClient() {
        return TestClient.connect(port(), War.PROBE.contextPath() + "/probe/consumer");
    }

    // ------------------------------------------------------------------ ChannelBox injected into a REST resource

    @Test
    void restResourceBroadcastReachesEveryMemberOfTheRoomAndNoOneElse() throws Exception {
        String room = uniqueRoom();
        try (TestClient a = enterRoom(room, "a");
             TestClient b = enterRoom(room, "b", a);
             TestClient c = enterRoom(room, "c", a, b);
             TestClient outsider = enterRoom(uniqueRoom(), "outsider")) {

            HttpResponse<String> r = container.postJson(War.DEMO, "/api/rooms/" + room + "/messages",
                    "{\"type\":\"announcement\",\"text\":\"from REST ✓\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("3", r.body().trim(), "members the broadcast was queued for");
            for (TestClient member : List.of(a, b, c)) {
                assertEquals(Map.of("type", "announcement", "text", "from REST ✓"), member.nextJsonObject());
            }
            outsider.assertNothingWithin(QUIET);
        }
    }

    @Test
    void restResourceBroadcastReachesTheConsumersOfAChatRoom() throws Exception {
        String room = uniqueRoom();
        try (TestClient alice = joinChatRoom(room, "alice", 1);
             TestClient bob = joinChatRoom(room, "bob", 2, alice)) {
            HttpResponse<String> r = container.postJson(War.DEMO, "/api/rooms/" + room + "/messages", "{\"type\":\"system\",\"n\":7}");
            assertEquals("2", r.body().trim(), r.body());
            for (TestClient member : List.of(alice, bob)) {
                assertEquals(Map.of("type", "system", "n", BigDecimal.valueOf(7)), member.nextJsonObject());
            }
        }
    }

    // ------------------------------------------------------------------ consumers: @Inject, @PreDestroy

    @Test
    void consumerGetsItsInjectedBeanAndItsPreDestroyRunsWhenTheConnectionEnds() throws Exception {
        String deployment = deployment();
        String id;
        try (TestClient c = probeClient()) {
            Map<String, Object> hello = c.nextJsonObject();
            assertEquals(deployment, hello.get("deployment"), "the injected @ApplicationScoped bean is the application's");
            id = (String) hello.get("id");
            c.send("ping");
            assertEquals("ping", c.nextText());
            assertFalse(destroyed().contains(id), "destroyed while connected");
            c.closeNormally();
            assertEquals(1000, c.awaitClose().code());
        }
        awaitTrue("@PreDestroy of the consumer of " + id, Duration.ofSeconds(10), () -> destroyed().contains(id));
    }

    @Test
    void preDestroyRunsForAClientThatVanishesWithoutAClose() throws Exception {
        String id;
        try (RawClient raw = RawClient.connect(port(), War.PROBE.contextPath() + "/probe/consumer")) {
            id = (String) ((Map<?, ?>) Json.parse(raw.readFrame().text())).get("id");
            ServerProcess.sleep(settleBeforeDrop().toMillis());
            raw.reset();
        }
        awaitTrue("@PreDestroy of the consumer of " + id + " after a TCP reset", Duration.ofSeconds(15),
                () -> destroyed().contains(id));
    }

    // ------------------------------------------------------------------ @RequestScoped in every callback

    @Test
    void eachConsumerCallbackRunsInARequestContextOfItsOwnEndedWhenItReturns() throws Exception {
        List<String> visits = new ArrayList<>();
        try (TestClient c = TestClient.connect(port(), War.PROBE.contextPath() + "/probe/request-scope")) {
            visits.add(firstUse("connect", c.nextText()));
            for (int i = 0; i < 2; i++) {
                c.send("m" + i);
                visits.add(firstUse("receive", c.nextText()));
            }
            awaitTrue("@PreDestroy of the request-scoped beans of onConnect and each onReceive " + visits,
                    Duration.ofSeconds(10), () -> requestScope("ended").containsAll(visits));
            c.closeNormally();
            assertEquals(1000, c.awaitClose().code());
        }
        awaitTrue("onDisconnect ran", Duration.ofSeconds(10), () -> requestScope("disconnects").stream()
                .map(v -> v.split("#")[0]).anyMatch(v -> !visits.contains(v)
                        && requestScope("ended").contains(v)));
        assertEquals(3, new HashSet<>(visits).size(), "a request context per callback: " + visits);
    }

    @Test
    void aHandlerRunsInOneRequestContextEndedWhenItReturns() throws Exception {
        String visit;
        try (TestClient c = TestClient.connect(port(), War.PROBE.contextPath() + "/probe/request-scope-handler")) {
            c.send("a");
            String first = c.nextText().split(" ")[1];
            c.send("b");
            String second = c.nextText().split(" ")[1];
            visit = first.split("#")[0];
            assertEquals(List.of(visit + "#1", visit + "#2"), List.of(first, second),
                    "one request-scoped bean for the handler's whole run");
            assertFalse(requestScope("ended").contains(visit), "ended while the handler runs");
            c.send("bye");
            assertEquals(1000, c.awaitClose().code());
        }
        awaitTrue("@PreDestroy of the handler's request-scoped bean", Duration.ofSeconds(10),
                () -> requestScope("ended").contains(visit));
    }

    // ------------------------------------------------------------------ the application's context in every callback

    @Test
    void handlersRunOnTheContainersManagedThreadsAndEveryCallbackSeesTheApplication() throws Exception {
        Map<String, Object> connect;
        Map<String, Object> receive;
        try (TestClient c = TestClient.connect(port(), War.PROBE.contextPath() + "/probe/context")) {
            connect = c.nextJsonObject();
            c.send("again");
            receive = c.nextJsonObject();
        }
        Map<String, Object> handler;
        try (TestClient c = TestClient.connect(port(), War.PROBE.contextPath() + "/probe/context-handler")) {
            handler = c.nextJsonObject();
        }
        String appName = (String) connect.get("appName");
        for (Map<String, Object> seen : List.of(connect, receive, handler)) {
            assertFalse(((String) seen.get("appName")).startsWith("failed"), "java:app/AppName in " + seen);
            assertEquals(appName, seen.get("appName"), "the same application in every callback: " + seen);
            assertEquals(true, seen.get("applicationLoader"), "the application's class loader: " + seen);
        }
        assertEquals(true, handler.get("managed"), "a handler runs on a managed thread: " + handler);
        assertTrue(((String) handler.get("thread")).startsWith("channelbox-handler-"), handler.toString());
    }

    // ------------------------------------------------------------------ settings from MicroProfile Config

    @Test
    void aSettingInTheWarsMicroProfileConfigPropertiesChangesWhatAClientSees() throws Exception {
        String room = "mp-" + containerId();
        try (TestClient c = TestClient.connect(port(), War.PROBE.contextPath() + "/probe/history/" + room)) {
            for (int i = 1; i <= 5; i++) {
                c.send("m" + i);
                assertEquals("saved", c.nextText());
            }
            c.send("history");
            assertEquals(List.of("\"m3\"", "\"m4\"", "\"m5\""), List.of(c.nextText().split("\n")),
                    "history-max-messages=3 from the WAR's microprofile-config.properties (default 100)");
        }
    }

    // ------------------------------------------------------------------ MicroProfile Health

    @Test
    @SuppressWarnings("unchecked")
    void theReadinessEndpointHasChannelBoxsCheckUp() throws Exception {
        java.net.URI ready = container.readinessEndpoint();
        Assumptions.assumeTrue(ready != null, container.title() + "'s test configuration has no MicroProfile Health");
        HttpResponse<String> r = container.get(ready);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> body = (Map<String, Object>) Json.parse(r.body());
        List<Map<String, Object>> checks = (List<Map<String, Object>>) body.get("checks");
        assertTrue(checks.stream().anyMatch(c -> "channelbox".equals(c.get("name")) && "UP".equals(c.get("status"))),
                "ChannelBox's readiness check, UP (in-memory broker): " + r.body());
    }

    // ------------------------------------------------------------------ positions, recovery, presence

    /**
     * The demo page's route (/live/{room}, presence) as a raw client sees it on this runtime: its
     * members, joins, messages in envelopes with positions; a client that comes back with its last
     * position gets exactly what was said meanwhile (here through the REST resource), then the outcome,
     * then the members.
     */
    @Test
    void thePagesRouteGivesMembersAndPositionsAndAClientThatComesBackWhatItMissed() throws Exception {
        String room = uniqueRoom();
        Map<String, String> origin = Map.of("Origin", "http://localhost");
        String path = contextPath() + "/live/" + room + "?username=";
        String last;
        try (TestClient ann = TestClient.connect(port(), path + "ann", origin)) {
            assertEquals("hello", ann.nextJsonObject().get("type"));
            assertEquals(List.of("ann"), users(ann.nextJsonObject()));
            try (TestClient bob = TestClient.connect(port(), path + "bob", origin)) {
                assertEquals("hello", bob.nextJsonObject().get("type"));
                assertEquals(List.of("ann", "bob"), users(bob.nextJsonObject()));
                Map<String, Object> joined = ann.nextJsonObject();
                assertEquals("join", joined.get("channelbox"), joined.toString());
                assertEquals(Map.of("user", "bob"), joined.get("attributes"));
                bob.send("{\"type\":\"message\",\"content\":\"first\"}");
                Map<String, Object> m = ann.nextJsonObject();
                assertEquals("message", m.get("channelbox"), m.toString());
                assertEquals("first", ((Map<?, ?>) m.get("data")).get("message"));
                last = (String) m.get("position");
            }
            assertEquals("leave", ann.nextJsonObject().get("channelbox"));
        }
        for (int i = 1; i <= 3; i++) {
            container.postJson(War.DEMO, "/api/rooms/" + room + "/messages", "{\"n\":" + i + "}");
        }
        String epoch = last.substring(0, last.lastIndexOf(':'));
        long offset = Long.parseLong(last.substring(last.lastIndexOf(':') + 1));
        try (TestClient back = comeBackAndReadMissed(port(), path + "ann", origin, room, last, 3)) {
            assertEquals(Map.of("channelbox", "recovery", "group", room, "recovered", true,
                    "position", epoch + ":" + (offset + 3), "missed", new BigDecimal(3)), back.nextJsonObject());
            assertEquals(List.of("ann"), users(back.nextJsonObject()));
        }
    }

    /**
     * A client of the demo's {@code /live} route ({@code pathAndQuery} up to its username) comes back
     * asking to recover {@code room} from position {@code last}: after the hello it must get the
     * {@code count} messages {@code {"n":1..count}} the REST resource sent meanwhile, in order, each at
     * the position after the one before. Returns the client, its recovery outcome still to read.
     */
    static TestClient comeBackAndReadMissed(int port, String pathAndQuery, Map<String, String> headers, String room,
                                            String last, int count) {
        String epoch = last.substring(0, last.lastIndexOf(':'));
        long offset = Long.parseLong(last.substring(last.lastIndexOf(':') + 1));
        TestClient back = TestClient.connect(port, pathAndQuery + "&recover="
                + java.net.URLEncoder.encode(room + "@" + last, java.nio.charset.StandardCharsets.UTF_8), headers);
        try {
            assertEquals("hello", back.nextJsonObject().get("type"));
            for (int i = 1; i <= count; i++) {
                Map<String, Object> m = back.nextJsonObject();
                assertEquals(Map.of("n", new BigDecimal(i)), m.get("data"), m.toString());
                assertEquals(epoch + ":" + (offset + i), m.get("position"));
            }
            return back;
        } catch (RuntimeException | Error e) {
            back.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> users(Map<String, Object> members) {
        assertEquals("members", members.get("channelbox"), members.toString());
        List<String> users = new ArrayList<>();
        for (Object m : (List<Object>) members.get("members")) {
            users.add((String) ((Map<String, Object>) ((Map<String, Object>) m).get("attributes")).get("user"));
        }
        users.sort(null);
        return users;
    }

    // ------------------------------------------------------------------ the browser client

    /** Our jar's META-INF/resources/channelbox.js, served by the container from the WAR's WEB-INF/lib. */
    @Test
    void theContainerServesTheBrowserClientFromOurJar() throws Exception {
        HttpResponse<String> r = container.get(War.DEMO, "/channelbox.js");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("ChannelBox.prototype"), "the client: " + r.body().substring(0, Math.min(200, r.body().length())));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("javascript"), r.headers().toString());
    }

    // ------------------------------------------------------------------ the MBean

    @Test
    void theApplicationsMBeanCountsWhatItsClientsDid() throws Exception {
        Map<String, Object> before = mbean();
        assertEquals("memory", before.get("Broker"), before.toString());
        try (TestClient a = probeClient(); TestClient b = probeClient()) {
            for (TestClient c : List.of(a, b)) {
                c.nextJsonObject();
                for (int i = 0; i < 2; i++) {
                    c.send("m" + i);
                    assertEquals("m" + i, c.nextText());
                }
            }
            Map<String, Object> during = mbean();
            assertTrue(((Number) during.get("Connections")).intValue() >= 2, during.toString());
            assertEquals(4, ((Number) during.get("MessagesIn")).longValue() - ((Number) before.get("MessagesIn")).longValue(),
                    "messages in: " + before + " -> " + during);
            assertTrue(((Number) during.get("MessagesOut")).longValue() - ((Number) before.get("MessagesOut")).longValue() >= 6,
                    "messages out (a greeting and two echoes each): " + before + " -> " + during);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mbean() throws IOException {
        HttpResponse<String> r = container.get(War.PROBE, "/api/probe/mbean");
        assertEquals(200, r.statusCode(), r.body());
        return (Map<String, Object>) Json.parse(r.body());
    }

    /** The visit of a message {@code "<what> <id>#1"}: a fresh request-scoped bean used once. */
    private static String firstUse(String what, String message) {
        String[] words = message.split(" ");
        assertEquals(what, words[0], message);
        assertTrue(words[1].endsWith("#1"), "a fresh request-scoped bean in each callback: " + message);
        return words[1].substring(0, words[1].length() - 2);
    }

    @SuppressWarnings("unchecked")
    private List<String> requestScope(String list) {
        try {
            return ((Map<String, List<String>>) Json.parse(container.get(War.PROBE, "/api/probe/request-scope").body())).get(list);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ guards

    @Test
    void theGuardedRoomRefusesAClientWithoutTheTokenAndAdmitsOneWithIt() throws Exception {
        String room = "secure-" + containerId();
        try (RawClient member = RawClient.connect(port(), contextPath() + "/secure/" + room, 0,
                Map.of("Authorization", "Bearer demo-token"))) {
            assertTrue(member.readFrame().text().contains("demo-user joined " + room));
            String outcome;
            try (RawClient refused = RawClient.connect(port(), contextPath() + "/secure/" + room, 0, Map.of())) {
                RawClient.Frame f = refused.readFrame();
                outcome = f.opcode() == 8 ? "close " + f.closeCode() : "message " + f.text();
            } catch (IOException e) {
                outcome = String.valueOf(e.getMessage());
            }
            // HTTP 401 where the container lets our filter answer before the upgrade, else the
            // documented fallback: accepted and closed at once with 1008, before any user code
            System.out.println(containerId() + ": a client without the token got: " + outcome);
            assertTrue(outcome.contains(" 401 ") || outcome.equals("close 1008"), outcome);
            member.sendText("{\"message\":\"still alone\"}");
            Map<?, ?> chat = (Map<?, ?>) Json.parse(member.readFrame().text());
            assertEquals("still alone", chat.get("message"), "no join or leave of the refused client came first");
        }
    }

    // ------------------------------------------------------------------ client()

    @Test
    void clientIsTheAddressAndPortEachConnectionCameFrom() throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(RawClient.connect(port(), War.PROBE.contextPath() + "/probe/consumer"));
            }
            for (RawClient raw : clients) {
                Map<?, ?> hello = (Map<?, ?>) Json.parse(raw.readFrame().text());
                assertEquals("127.0.0.1", hello.get("host"), "client().host()");
                assertEquals(raw.localPort(), ((Number) hello.get("port")).intValue(),
                        "client().port() is the client socket's local port");
            }
        } finally {
            for (RawClient raw : clients) {
                raw.close();
            }
        }
    }

    // ------------------------------------------------------------------ many senders, one channel

    /**
     * Open Liberty fails a second async send while one is in flight, Undertow queues without bound,
     * Tyrus serialises: whatever the container, every message arrives, each sender's in its order.
     */
    @Test
    void twentyThreadsSendingToOneChannelDeliverAllThousandMessagesInEachThreadsOrder() throws Exception {
        try (TestClient c = probeClient()) {
            String id = (String) c.nextJsonObject().get("id");
            HttpResponse<String> r = container.postJson(War.PROBE, "/api/probe/blast/" + id + "?threads=20&messages=50", "");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(Map.of("QUEUED", BigDecimal.valueOf(1000)), Json.parse(r.body()), "send statuses");

            Map<Integer, Integer> next = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                Map<String, Object> m = c.nextJsonObject();
                int thread = ((Number) m.get("thread")).intValue();
                int seq = ((Number) m.get("seq")).intValue();
                assertEquals(next.getOrDefault(thread, 0), seq, "message " + i + " from thread " + thread);
                next.put(thread, seq + 1);
            }
            assertEquals(20, next.size());
            next.values().forEach(n -> assertEquals(50, n));

            c.send("still open");
            assertEquals("still open", c.nextText());
        }
    }

    /** Whether this runtime lets the outbox write whole frames to the transport (Tyrus's: see {@code TyrusWire}). */
    boolean writesRawFrames() {
        return true;
    }

    @Test
    void theOutboxWritesRawFramesWhereTheRuntimeAllowsItAndEveryMessageArrivesInOrder() throws Exception {
        try (TestClient c = probeClient()) {
            String id = (String) c.nextJsonObject().get("id");
            HttpResponse<String> raw = container.get(War.PROBE, "/api/probe/raw-writes/" + id);
            assertEquals(200, raw.statusCode(), raw.body());
            assertEquals(writesRawFrames(), ((Map<?, ?>) Json.parse(raw.body())).get("raw"), "raw writes on " + containerId() + ": " + raw.body());

            // one sender, 900 messages (below the outbox's 1,000) as fast as it can queue them. (Here each
            // write completes within the send, so each leaves alone: on Payara 6 and WildFly the outbox
            // handed over 902 writes for the 902 messages of this test when counted. Frames queue, and
            // leave together, when the peer reads slower than they come.)
            HttpResponse<String> r = container.postJson(War.PROBE, "/api/probe/blast/" + id + "?threads=1&messages=900", "");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(Map.of("QUEUED", BigDecimal.valueOf(900)), Json.parse(r.body()), "send statuses");
            for (int i = 0; i < 900; i++) {
                Map<String, Object> m = c.nextJsonObject();
                assertEquals(i, ((Number) m.get("seq")).intValue(), "message " + i);
            }
            c.send("still open");
            assertEquals("still open", c.nextText());
        }
    }

    // ------------------------------------------------------------------ redeploy (last: it replaces the application)

    // ------------------------------------------------------------------ nothing but loopback

    /**
     * The server listens on loopback only: a test run must not open the machine to its network. After
     * the other scenarios (a runtime may open a port lazily, on first use), before the redeploy.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void everySocketTheServerListensOnIsOnLoopback() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.available(), "no /proc/self/net/tcp on this machine");
        ProcessHandle server = container.process.handle();
        List<ListeningSockets.Listener> all = ListeningSockets.of(server);
        System.out.println(container.title() + " listens on " + all);
        assertTrue(all.stream().anyMatch(l -> l.port() == container.port()),
                "the check sees the HTTP port " + container.port() + " among " + all);
        assertEquals(List.of(), ListeningSockets.notOnLoopback(server), container.title() + " listens beyond loopback");
    }

    /**
     * Both WARs are redeployed: every thread of the old deployments ends, their open connections are
     * closed, and every route is served by the new ones (the probe reports every {@code channelbox-*}
     * thread of the JVM, whichever application started it).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void redeployEndsTheOldDeploymentsThreadsAndConnectionsAndServesEveryRouteFromTheNewOne() throws Exception {
        String before = deployment();
        String room = uniqueRoom();
        TestClient held = enterRoom(room, "held"); // the old deployment's engine runs, with a connection open
        try {
            List<Map<?, ?>> oldThreads = threads();
            assertFalse(oldThreads.isEmpty(), "the deployments' own threads (channelbox-*) are visible");
            Set<Object> oldIds = ids(oldThreads);

            container.redeploy(() -> {
                // where the container has a moment without the applications, their routes are gone
                IOException refused = assertThrows(IOException.class,
                        () -> RawClient.connect(port(), contextPath() + "/ws").close());
                assertTrue(refused.getMessage().contains("404"), refused.getMessage());
            });
            String after = deployment();
            assertNotEquals(before, after, "a new deployment answers");

            TestClient.Close close = held.awaitClose();
            assertTrue(close.code() == 1001 || close.code() == 1006,
                    "the old deployment's connection is closed as going away (or dropped): " + close);

            awaitTrue("the end of the old deployments' threads " + oldThreads, Duration.ofSeconds(20), () -> {
                Set<Object> alive = ids(threads());
                alive.retainAll(oldIds);
                return alive.isEmpty();
            });
        } finally {
            held.close();
        }

        // the routes are the new deployments': the REST resource reaches them, the consumer answers
        String after = deployment();
        String room2 = uniqueRoom();
        try (TestClient a = enterRoom(room2, "a");
             TestClient b = enterRoom(room2, "b", a);
             TestClient probe = probeClient()) {
            assertEquals(after, probe.nextJsonObject().get("deployment"));
            HttpResponse<String> r = container.postJson(War.DEMO, "/api/rooms/" + room2 + "/messages", "{\"after\":\"redeploy\"}");
            assertEquals("2", r.body().trim(), r.body());
            for (TestClient member : List.of(a, b)) {
                assertEquals(Map.of("after", "redeploy"), member.nextJsonObject());
            }
        }
        List<Object> names = threads().stream().<Object>map(t -> t.get("name")).toList();
        // each application's engine has one sweeper: two now, not four
        assertEquals(2, names.stream().filter(n -> n.toString().startsWith("channelbox-sweeper")).count(),
                "one engine's threads per application: " + names);
    }

    // ------------------------------------------------------------------ helpers

    private String deployment() {
        String d = container.deploymentOrNull();
        if (d == null) {
            throw new AssertionError("no deployment answers GET /api/probe/deployment");
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private List<String> destroyed() {
        try {
            return (List<String>) Json.parse(container.get(War.PROBE, "/api/probe/destroyed").body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<?, ?>> threads() {
        try {
            return (List<Map<?, ?>>) Json.parse(container.get(War.PROBE, "/api/probe/threads").body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Object> ids(List<Map<?, ?>> threads) {
        Set<Object> ids = new HashSet<>();
        threads.forEach(t -> ids.add(t.get("id")));
        return ids;
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            ServerProcess.sleep(100);
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    /** Adds the server's log files to every failure's message. */
    private final class PointAtLogs implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            if (container == null || failure instanceof org.opentest4j.TestAbortedException) {
                throw failure; // an assumption that does not hold on this runtime skips the test
            }
            AssertionError pointed = new AssertionError(failure.getMessage() + "\n    on " + container.title()
                    + "; server logs: " + container.logs(), failure);
            pointed.setStackTrace(failure.getStackTrace());
            throw pointed;
        }
    }
}

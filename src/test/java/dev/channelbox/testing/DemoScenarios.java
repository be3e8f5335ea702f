package dev.channelbox.testing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: the demo application (every example of the seed document) on a real server, driven by
 * real WebSocket clients. Each test asserts exactly what a client observes. Rooms are server state
 * shared by all tests, so every test uses its own rooms.
 *
 * <p>The same scenarios run against the embedded server ({@code DemoRoutesTest}) and against the demo
 * WAR on each application server ({@code it/containers}): a subclass says where the application is.
 */
public abstract class DemoScenarios {

    /** How long a client waits to be sure that nothing arrives. */
    protected static final Duration QUIET = Duration.ofMillis(300);

    /** The server's HTTP port on 127.0.0.1. */
    protected abstract int port();

    /** The application's context path: {@code ""} at the root, else {@code "/name"}. */
    protected abstract String contextPath();

    /** A WebSocket client connected to {@code pathAndQuery} of the application. */
    protected TestClient connect(String pathAndQuery) {
        return TestClient.connect(port(), contextPath() + pathAndQuery);
    }

    protected TestClient connect(String pathAndQuery, Map<String, String> headers) {
        return TestClient.connect(port(), contextPath() + pathAndQuery, headers);
    }

    /**
     * How long a connection must have been open before a test drops it without a close frame and
     * expects the server to notice. Zero here; a server that loses drops coming right after the
     * handshake says how long it needs.
     */
    protected Duration settleBeforeDrop() {
        return Duration.ZERO;
    }

    /** Drops the client's TCP connection without a close frame ({@link TestClient#abort()}). */
    protected void drop(TestClient client) {
        long millis = settleBeforeDrop().toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        client.abort();
    }

    // ------------------------------------------------------------------ /ws, /bytes

    @Test
    void echoRepliesToEveryTextMessageInOrder() {
        try (TestClient c = connect("/ws")) {
            List<String> messages = List.of("hello", "", "second message", "ünïcödé ✓ 🚀", "{\"not\":\"parsed\"}");
            messages.forEach(c::send);
            for (String m : messages) {
                assertEquals("You said: " + m, c.nextText());
            }
        }
    }

    @Test
    void bytesEchoesBinaryFramesByteForByte() {
        byte[] allValues = new byte[256];
        for (int i = 0; i < allValues.length; i++) {
            allValues[i] = (byte) i;
        }
        byte[] severalKilobytes = new byte[6 * 1024 + 7];
        new Random(42).nextBytes(severalKilobytes);
        byte[] small = {1, 2, 3};

        try (TestClient c = connect("/bytes")) {
            c.sendBytes(small).sendBytes(allValues).sendBytes(severalKilobytes);
            assertArrayEquals(small, c.nextBytes());
            assertArrayEquals(allValues, c.nextBytes());
            assertArrayEquals(severalKilobytes, c.nextBytes());
        }
    }

    // ------------------------------------------------------------------ /chat (JSON in, JSON out)

    @Test
    void chatWrapsEveryJsonValueInReceived() {
        List<String> inputs = List.of(
                "{\"a\":1,\"nested\":{\"b\":[true,false]},\"s\":\"x\"}",
                "[1,\"two\",{\"three\":3}]",
                "42",
                "3.25",
                "\"just a string\"",
                "true",
                "null");
        try (TestClient c = connect("/chat")) {
            inputs.forEach(c::send);
            for (String input : inputs) {
                Map<String, Object> expected = new HashMap<>();
                expected.put("received", Json.parse(input));
                assertEquals(expected, c.nextJsonObject(), "reply to " + input);
            }
        }
    }

    // ------------------------------------------------------------------ /info

    @Test
    void infoReportsIpHeadersQueryAndNullRoomThenClosesNormally() {
        try (TestClient c = connect("/info?a=1&b=two", Map.of("X-Test", "abc"))) {
            Map<String, Object> info = c.nextJsonObject();

            assertEquals(Set.of("ip", "headers", "query", "room_id"), info.keySet());
            assertEquals("127.0.0.1", info.get("ip"));
            assertEquals("a=1&b=two", info.get("query"));
            assertTrue(info.containsKey("room_id"));
            assertNull(info.get("room_id"));

            Map<String, Object> headers = asObject(info.get("headers"));
            assertEquals("abc", headers.get("x-test"));
            assertEquals("127.0.0.1:" + port(), headers.get("host"));
            for (String name : headers.keySet()) {
                assertEquals(name.toLowerCase(Locale.ROOT), name, "header names are lower case");
            }

            assertEquals(1000, c.awaitClose().code());
        }
    }

    @Test
    void infoInRoomReportsThePathValueAndAnEmptyQuery() {
        try (TestClient c = connect("/info/lobby-7")) {
            Map<String, Object> info = c.nextJsonObject();

            assertEquals(Set.of("ip", "headers", "query", "room_id"), info.keySet());
            assertEquals("lobby-7", info.get("room_id"));
            assertEquals("", info.get("query"));
            assertEquals("127.0.0.1", info.get("ip"));
            assertTrue(asObject(info.get("headers")).containsKey("host"));

            assertEquals(1000, c.awaitClose().code());
        }
    }

    @Test
    void infoDecodesThePathValueButReportsTheQueryStringRaw() {
        try (TestClient c = connect("/info/my%20room?x=a%20b&y=%C3%BC")) {
            Map<String, Object> info = c.nextJsonObject();
            assertEquals("my room", info.get("room_id"));
            assertEquals("x=a%20b&y=%C3%BC", info.get("query"));
            assertEquals(1000, c.awaitClose().code());
        }
    }

    // ------------------------------------------------------------------ /safe

    @Test
    void safeAnswersInvalidJsonWithAnErrorAndKeepsTheConnectionOpen() {
        try (TestClient c = connect("/safe")) {
            c.send("{\"ok\":true}");
            assertEquals(Map.of("status", "success", "data", Map.of("ok", true)), c.nextJsonObject());

            c.send("this is not json {");
            assertEquals(Map.of("status", "error", "message", "Invalid JSON"), c.nextJsonObject());

            c.send("[1,2]");
            assertEquals(Map.of("status", "success", "data", List.of(BigDecimal.ONE, BigDecimal.valueOf(2))),
                    c.nextJsonObject());

            c.send("{\"unterminated\":");
            assertEquals(Map.of("status", "error", "message", "Invalid JSON"), c.nextJsonObject());

            c.send("\"still here\"");
            assertEquals(Map.of("status", "success", "data", "still here"), c.nextJsonObject());
        }
    }

    @Test
    void safeEchoesJsonNullAsSuccess() {
        // null is valid JSON: the seed answers {"status": "success", "data": null}
        try (TestClient c = connect("/safe")) {
            c.send("null");
            Map<String, Object> expected = new HashMap<>();
            expected.put("status", "success");
            expected.put("data", null);
            assertEquals(expected, c.nextJsonObject());

            c.send("{\"after\":1}");
            assertEquals(Map.of("status", "success", "data", Map.of("after", BigDecimal.ONE)), c.nextJsonObject());
        }
    }

    // ------------------------------------------------------------------ /room/{room_name}

    @Test
    void roomBroadcastsEachMessageToBothMembersWithATimestamp() {
        String room = uniqueRoom();
        try (TestClient a = enterRoom(room, "alice");
             TestClient b = enterRoom(room, "bob", a)) {

            double before = now();
            a.send(chat("alice", "hi bob"));
            for (TestClient member : List.of(a, b)) {
                assertRoomMessage(member.nextJsonObject(), "alice", "hi bob", before);
            }

            b.send(chat("bob", "hi alice"));
            for (TestClient member : List.of(a, b)) {
                assertRoomMessage(member.nextJsonObject(), "bob", "hi alice", before);
            }
        }
    }

    @Test
    void roomBroadcastsToThreeMembersAndNotToAnotherRoom() throws InterruptedException {
        String room = uniqueRoom();
        try (TestClient a = enterRoom(room, "a");
             TestClient b = enterRoom(room, "b", a);
             TestClient c = enterRoom(room, "c", a, b);
             TestClient outsider = enterRoom(uniqueRoom(), "outsider")) {

            double before = now();
            b.send(chat("b", "one"));
            c.send(chat("c", "two"));
            for (TestClient member : List.of(a, b, c)) {
                // the two senders' messages may interleave: collect both
                Map<Object, Map<String, Object>> byUser = new HashMap<>();
                for (int i = 0; i < 2; i++) {
                    Map<String, Object> m = member.nextJsonObject();
                    byUser.put(m.get("user"), m);
                }
                assertEquals(Set.of("b", "c"), byUser.keySet());
                assertRoomMessage(byUser.get("b"), "b", "one", before);
                assertRoomMessage(byUser.get("c"), "c", "two", before);
            }

            outsider.assertNothingWithin(QUIET);
        }
    }

    @Test
    void roomKeepsBroadcastingToTheMembersWhoRemain() {
        String room = uniqueRoom();
        try (TestClient a = enterRoom(room, "a");
             TestClient b = enterRoom(room, "b", a);
             TestClient c = enterRoom(room, "c", a, b)) {

            b.closeNormally();
            assertEquals(1000, b.awaitClose().code());
            drop(c);

            double before = now();
            a.send(chat("a", "anyone left?"));
            assertRoomMessage(a.nextJsonObject(), "a", "anyone left?", before);

            try (TestClient d = enterRoom(room, "d", a)) {
                a.send(chat("a", "welcome d"));
                for (TestClient member : List.of(a, d)) {
                    assertRoomMessage(member.nextJsonObject(), "a", "welcome d", before);
                }
            }
        }
    }

    // ------------------------------------------------------------------ /consumer/{room_name} (ChatEndpoint)

    @Test
    void consumerAnnouncesEachJoinToEveryMemberIncludingTheNewcomer() {
        String room = uniqueRoom();
        Map<String, Object> joined = Map.of("system", "New user joined " + room);
        try (TestClient a = connect("/consumer/" + room)) {
            assertEquals(joined, a.nextJsonObject());
            try (TestClient b = connect("/consumer/" + room)) {
                assertEquals(joined, b.nextJsonObject());
                assertEquals(joined, a.nextJsonObject());
                try (TestClient c = connect("/consumer/" + room)) {
                    assertEquals(joined, c.nextJsonObject());
                    assertEquals(joined, a.nextJsonObject());
                    assertEquals(joined, b.nextJsonObject());

                    // one notice per join: the next thing everyone gets is this message
                    double before = now();
                    b.send(chat("b", "after the joins"));
                    for (TestClient member : List.of(a, b, c)) {
                        assertRoomMessage(member.nextJsonObject(), "b", "after the joins", before);
                    }
                }
            }
        }
    }

    @Test
    void consumerBroadcastsChatAndTellsTheOthersWhenSomeoneLeaves() throws InterruptedException {
        String room = uniqueRoom();
        String otherRoom = uniqueRoom();
        Map<String, Object> left = Map.of("system", "User left " + room);
        try (TestClient a = enterConsumer(room);
             TestClient b = enterConsumer(room, a);
             TestClient c = enterConsumer(room, a, b);
             TestClient outsider = enterConsumer(otherRoom)) {

            double before = now();
            b.send(chat("bob", "hello all"));
            for (TestClient member : List.of(a, b, c)) {
                assertRoomMessage(member.nextJsonObject(), "bob", "hello all", before);
            }

            c.closeNormally();
            assertEquals(1000, c.awaitClose().code());
            assertEquals(left, a.nextJsonObject());
            assertEquals(left, b.nextJsonObject());

            drop(b);
            assertEquals(left, a.nextJsonObject());

            before = now();
            a.send(chat("alice", "alone now"));
            assertRoomMessage(a.nextJsonObject(), "alice", "alone now", before);

            outsider.assertNothingWithin(QUIET);
        }
    }

    // ------------------------------------------------------------------ /chat/{room_id} (ChatRoom)

    @Test
    void chatRoomAnnouncesJoinsWithTheUserCountAndBroadcastsChat() {
        String room = uniqueRoom();
        try (TestClient alice = connect(chatRoom(room, "alice"))) {
            double before = now();
            assertSystem(alice.nextJsonObject(), "alice joined the chat", 1, before);

            try (TestClient bob = connect(chatRoom(room, "bob"))) {
                before = now();
                assertSystem(bob.nextJsonObject(), "bob joined the chat", 2, before);
                assertSystem(alice.nextJsonObject(), "bob joined the chat", 2, before);

                before = now();
                alice.send("{\"type\":\"message\",\"content\":\"hi\"}");
                assertChat(alice.nextJsonObject(), "alice", "hi", before);
                assertChat(bob.nextJsonObject(), "alice", "hi", before);

                bob.send("{\"type\":\"message\",\"content\":\"hello alice\"}");
                assertChat(alice.nextJsonObject(), "bob", "hello alice", before);
                assertChat(bob.nextJsonObject(), "bob", "hello alice", before);
            }
        }
    }

    @Test
    void chatRoomIgnoresMessagesOfOtherTypes() {
        String room = uniqueRoom();
        try (TestClient alice = connect(chatRoom(room, "alice"))) {
            assertSystem(alice.nextJsonObject(), "alice joined the chat", 1, now());
            try (TestClient bob = connect(chatRoom(room, "bob"))) {
                double before = now();
                assertSystem(bob.nextJsonObject(), "bob joined the chat", 2, before);
                assertSystem(alice.nextJsonObject(), "bob joined the chat", 2, before);

                alice.send("{\"type\":\"typing\",\"content\":\"ignored\"}");
                alice.send("{\"content\":\"no type\"}");
                alice.send("{\"type\":\"MESSAGE\",\"content\":\"wrong case\"}");
                alice.send("{\"type\":\"message\",\"content\":\"hi\"}");
                // one connection's messages are handled in order: the first broadcast is the chat
                assertChat(bob.nextJsonObject(), "alice", "hi", before);
                assertChat(alice.nextJsonObject(), "alice", "hi", before);
            }
        }
    }

    @Test
    void chatRoomCountsUsersWhoRemainAfterNormalClose() {
        String room = uniqueRoom();
        try (TestClient alice = joinChatRoom(room, "alice", 1);
             TestClient bob = joinChatRoom(room, "bob", 2, alice);
             TestClient carol = joinChatRoom(room, "carol", 3, alice, bob)) {

            double before = now();
            carol.send("{\"type\":\"message\",\"content\":\"hi\"}");
            for (TestClient member : List.of(alice, bob, carol)) {
                assertChat(member.nextJsonObject(), "carol", "hi", before);
            }

            bob.closeNormally();
            assertEquals(1000, bob.awaitClose().code());
            before = now();
            assertSystem(alice.nextJsonObject(), "bob left the chat", 2, before);
            assertSystem(carol.nextJsonObject(), "bob left the chat", 2, before);

            carol.closeNormally();
            assertSystem(alice.nextJsonObject(), "carol left the chat", 1, before);

            try (TestClient dave = joinChatRoom(room, "dave", 2, alice)) {
                dave.send("{\"type\":\"message\",\"content\":\"hey\"}");
                assertChat(alice.nextJsonObject(), "dave", "hey", before);
                assertChat(dave.nextJsonObject(), "dave", "hey", before);
            }
        }
    }

    @Test
    void chatRoomCountsUsersWhoRemainAfterAbruptDrop() {
        String room = uniqueRoom();
        try (TestClient alice = joinChatRoom(room, "alice", 1);
             TestClient bob = joinChatRoom(room, "bob", 2, alice)) {

            drop(bob);
            double before = now();
            assertSystem(alice.nextJsonObject(), "bob left the chat", 1, before);

            // the dropped connection is really gone from the room
            try (TestClient carol = joinChatRoom(room, "carol", 2, alice)) {
                alice.send("{\"type\":\"message\",\"content\":\"still here\"}");
                assertChat(alice.nextJsonObject(), "alice", "still here", before);
                assertChat(carol.nextJsonObject(), "alice", "still here", before);
            }
        }
    }

    @Test
    void chatRoomCountsUsersWhoRemainWhenOneOfThreeDropsAbruptly() {
        String room = uniqueRoom();
        try (TestClient alice = joinChatRoom(room, "alice", 1);
             TestClient bob = joinChatRoom(room, "bob", 2, alice);
             TestClient carol = joinChatRoom(room, "carol", 3, alice, bob)) {

            drop(carol);
            double before = now();
            assertSystem(alice.nextJsonObject(), "carol left the chat", 2, before);
            assertSystem(bob.nextJsonObject(), "carol left the chat", 2, before);

            drop(bob);
            assertSystem(alice.nextJsonObject(), "bob left the chat", 1, before);
        }
    }

    /**
     * Users leaving one after the other, many times over: each "left" notice must count only the
     * users still there, and a user who joins afterwards must not count those who left. (A leaver
     * that is told to the others before it has left the room shows up here within a few rounds.)
     */
    @Test
    void chatRoomCountsStayExactWhenUsersLeaveOneAfterAnother() {
        for (int round = 0; round < 40; round++) {
            String room = uniqueRoom();
            String at = "round " + round + ": ";
            try (TestClient alice = joinChatRoom(room, "alice", 1);
                 TestClient bob = joinChatRoom(room, "bob", 2, alice);
                 TestClient carol = joinChatRoom(room, "carol", 3, alice, bob)) {
                double before = now();
                drop(carol);
                assertSystem(alice.nextJsonObject(), "carol left the chat", 2, before);
                assertSystem(bob.nextJsonObject(), "carol left the chat", 2, before);

                if (round % 2 == 0) {
                    drop(bob);
                } else {
                    bob.closeNormally();
                }
                assertEquals(1, usersIn(alice.nextJsonObject()), at + "users after bob left too");

                try (TestClient dave = connect(chatRoom(room, "dave"))) {
                    assertEquals(2, usersIn(dave.nextJsonObject()), at + "users when dave joined");
                    assertEquals(2, usersIn(alice.nextJsonObject()), at + "users when dave joined (alice)");
                }
            }
        }
    }

    @Test
    void chatRoomCallsAUserWithoutAUsernameAnonymous() {
        String room = uniqueRoom();
        try (TestClient anon = connect("/chat/" + room)) {
            double before = now();
            assertSystem(anon.nextJsonObject(), "anonymous joined the chat", 1, before);
            anon.send("{\"type\":\"message\",\"content\":\"who am I\"}");
            assertChat(anon.nextJsonObject(), "anonymous", "who am I", before);
        }
    }

    @Test
    void chatRoomDecodesThePercentEncodedUsername() {
        String room = uniqueRoom();
        try (TestClient c = connect("/chat/" + room + "?username=J%C3%BCrgen%20M")) {
            assertSystem(c.nextJsonObject(), "Jürgen M joined the chat", 1, now());
        }
    }

    @Test
    void chatRoomsWithDifferentIdsDoNotHearEachOther() throws InterruptedException {
        String room = uniqueRoom();
        String otherRoom = uniqueRoom();
        try (TestClient alice = joinChatRoom(room, "alice", 1);
             TestClient outsider = joinChatRoom(otherRoom, "zed", 1);
             TestClient bob = joinChatRoom(room, "bob", 2, alice)) {
            double before = now();
            alice.send("{\"type\":\"message\",\"content\":\"private\"}");
            assertChat(alice.nextJsonObject(), "alice", "private", before);
            assertChat(bob.nextJsonObject(), "alice", "private", before);
            outsider.assertNothingWithin(QUIET);
        }
    }

    // ------------------------------------------------------------------ static page

    @Test
    void rootServesTheHtmlPage() throws Exception {
        // HTTP/1.1, as a browser asks for a page over plain http
        HttpResponse<String> response = getRoot(HttpClient.Version.HTTP_1_1);
        assertEquals(200, response.statusCode());
        assertHtml(response);
    }

    @Test
    void rootServesTheHtmlPageToAClientOfferingAnHttp2Upgrade() throws Exception {
        // the JDK's client (and curl --http2) ask with "Upgrade: h2c", which the server may ignore;
        // the answer must still be a complete HTTP/1.1 response
        HttpResponse<String> response = getRoot(HttpClient.Version.HTTP_2);
        assertEquals(200, response.statusCode());
        assertHtml(response);
    }

    private HttpResponse<String> getRoot(HttpClient.Version version) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(version).connectTimeout(TestClient.TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + contextPath() + "/"))
                .timeout(TestClient.TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertHtml(HttpResponse<String> response) {
        String contentType = response.headers().firstValue("content-type").orElse("(none)");
        assertTrue(contentType.startsWith("text/html"), "content type: " + contentType);
        String body = response.body().toLowerCase(Locale.ROOT);
        assertTrue(body.contains("<html") && body.contains("</html>"), "an HTML page: " + body);
    }

    // ------------------------------------------------------------------ helpers

    private static int roomCounter;

    protected static synchronized String uniqueRoom() {
        return "room-" + (++roomCounter) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    protected static String chat(String user, String message) {
        return Json.write(Map.of("user", user, "message", message));
    }

    protected static String chatRoom(String room, String user) {
        return "/chat/" + room + "?username=" + user;
    }

    /**
     * Connects to /room/{room}. The route has no join notice, so the newcomer says hello: once its
     * own message came back it is surely a member. Everyone already in the room gets it too.
     */
    protected TestClient enterRoom(String room, String user, TestClient... members) {
        TestClient c = connect("/room/" + room);
        try {
            double before = now();
            c.send(chat(user, user + " is here"));
            assertRoomMessage(c.nextJsonObject(), user, user + " is here", before);
            for (TestClient member : members) {
                assertRoomMessage(member.nextJsonObject(), user, user + " is here", before);
            }
            return c;
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** Connects to /consumer/{room}: the newcomer and every member are told of the join. */
    protected TestClient enterConsumer(String room, TestClient... members) {
        Map<String, Object> joined = Map.of("system", "New user joined " + room);
        TestClient c = connect("/consumer/" + room);
        try {
            assertEquals(joined, c.nextJsonObject());
            for (TestClient member : members) {
                assertEquals(joined, member.nextJsonObject());
            }
            return c;
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** /chat/{room}: connects, then checks that everyone (newcomer first) is told with the count. */
    protected TestClient joinChatRoom(String room, String user, int users, TestClient... members) {
        double before = now();
        TestClient c = connect(chatRoom(room, user));
        try {
            assertSystem(c.nextJsonObject(), user + " joined the chat", users, before);
            for (TestClient member : members) {
                assertSystem(member.nextJsonObject(), user + " joined the chat", users, before);
            }
            return c;
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    protected static int usersIn(Map<String, Object> systemMessage) {
        assertEquals("system", systemMessage.get("type"), "a system message: " + systemMessage);
        return assertInstanceOf(Number.class, systemMessage.get("users")).intValue();
    }

    protected static void assertRoomMessage(Map<String, Object> m, String user, String message, double notBefore) {
        assertEquals(Set.of("user", "message", "timestamp"), m.keySet(), "keys of " + m);
        assertEquals(user, m.get("user"));
        assertEquals(message, m.get("message"));
        assertTimestamp(m.get("timestamp"), notBefore);
    }

    protected static void assertSystem(Map<String, Object> m, String message, int users, double notBefore) {
        assertEquals(Set.of("type", "message", "timestamp", "users"), m.keySet(), "keys of " + m);
        assertEquals("system", m.get("type"));
        assertEquals(message, m.get("message"));
        assertEquals(users, assertInstanceOf(Number.class, m.get("users")).intValue(), "users in " + m);
        assertTimestamp(m.get("timestamp"), notBefore);
    }

    protected static void assertChat(Map<String, Object> m, String user, String message, double notBefore) {
        assertEquals(Set.of("type", "user", "message", "timestamp"), m.keySet(), "keys of " + m);
        assertEquals("chat", m.get("type"));
        assertEquals(user, m.get("user"));
        assertEquals(message, m.get("message"));
        assertTimestamp(m.get("timestamp"), notBefore);
    }

    /** Unix seconds (not milliseconds), taken between {@code notBefore} and now (1 s slack for rounding). */
    protected static void assertTimestamp(Object value, double notBefore) {
        double ts = assertInstanceOf(Number.class, value, "timestamp").doubleValue();
        double now = now();
        assertTrue(ts >= notBefore - 1 && ts <= now + 1,
                "timestamp " + ts + " should be Unix seconds between " + notBefore + " and " + now);
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> asObject(Object json) {
        return (Map<String, Object>) assertInstanceOf(Map.class, json);
    }
}

package dev.channelbox.testing;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.fixtures.PresenceFixtures;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence as clients and observers see it, the same with every broker: attributes readable from any
 * node, the members a presence client gets on joining, then every join and leave. Ann is on the first
 * server, Bob and Carl on the second ({@link #secondPort()}: another node with Redis).
 */
public abstract class PresenceScenarios {

    protected abstract ChannelBox firstBox();

    protected abstract int firstPort();

    protected abstract int secondPort();

    /** The PresenceEvents the first server's observers saw. */
    protected abstract PresenceFixtures.Log firstLog();

    protected static String room(String name) {
        return name + "-" + Long.toHexString(System.nanoTime());
    }

    private static TestClient enter(int port, String room, String user) {
        return TestClient.connect(port, "/presence/" + room + "?user=" + user);
    }

    /** The users of a members frame. */
    @SuppressWarnings("unchecked")
    private static Set<String> users(Map<String, Object> members, String room) {
        assertEquals("members", members.get("channelbox"), members.toString());
        assertEquals(room, members.get("group"));
        Set<String> users = new HashSet<>();
        for (Object m : (List<Object>) members.get("members")) {
            Map<String, Object> member = (Map<String, Object>) m;
            assertTrue(member.get("id") instanceof String, member.toString());
            users.add((String) ((Map<String, Object>) member.get("attributes")).get("user"));
        }
        return users;
    }

    @SuppressWarnings("unchecked")
    private static void assertPresence(Map<String, Object> frame, String kind, String room, String user) {
        assertEquals(kind, frame.get("channelbox"), frame.toString());
        assertEquals(room, frame.get("group"));
        assertEquals(Map.of("user", user), frame.get("attributes"), frame.toString());
    }

    @Test
    void aPresenceClientGetsTheMembersThenEveryJoinAndLeave() throws Exception {
        String room = room("lobby");
        try (TestClient ann = enter(firstPort(), room, "ann")) {
            assertEquals(Set.of("ann"), users(ann.nextJsonObject(), room));
            try (TestClient bob = enter(secondPort(), room, "bob")) {
                assertEquals(Set.of("ann", "bob"), users(bob.nextJsonObject(), room));
                assertPresence(ann.nextJsonObject(), "join", room, "bob");
                TestClient carl = enter(secondPort(), room, "carl");
                assertEquals(Set.of("ann", "bob", "carl"), users(carl.nextJsonObject(), room));
                assertPresence(ann.nextJsonObject(), "join", room, "carl");
                assertPresence(bob.nextJsonObject(), "join", room, "carl");
                carl.abort(); // the tab closes
                assertPresence(ann.nextJsonObject(), "leave", room, "carl");
                assertPresence(bob.nextJsonObject(), "leave", room, "carl");
            }
            assertPresence(ann.nextJsonObject(), "leave", room, "bob");
            awaitTrue(() -> firstLog().seen().contains("LEAVE " + room + " bob"), "the observers saw bob leave");
            List<String> seen = firstLog().seen().stream().filter(s -> s.contains(" " + room + " ")).toList();
            assertEquals(List.of("JOIN " + room + " ann", "JOIN " + room + " bob", "JOIN " + room + " carl",
                    "LEAVE " + room + " carl", "LEAVE " + room + " bob"), seen);
        }
    }

    @Test
    void attributesAreReadFromAnyNodeAndChangesShowFromTheNextRead() throws Exception {
        String room = room("who");
        try (TestClient ann = enter(firstPort(), room, "ann");
             TestClient bob = enter(secondPort(), room, "bob")) {
            ann.nextJsonObject();
            bob.nextJsonObject();
            assertEquals(Set.of(Map.of("user", "ann"), Map.of("user", "bob")), attributes(firstBox().group(room)));
            assertEquals(Set.of(Map.of("user", "ann"), Map.of("user", "bob")),
                    attributes(firstBox().showGroups().get(room)));
            bob.send("{\"user\":\"robert\"}");
            assertEquals(Map.of("user", "robert"), bob.nextJsonObject());
            awaitTrue(() -> attributes(firstBox().group(room)).contains(Map.of("user", "robert")), "robert from any node");
        }
    }

    private static Set<Map<String, String>> attributes(Set<Channel> channels) {
        Set<Map<String, String>> all = new HashSet<>();
        channels.forEach(c -> all.add(c.attributes()));
        return all;
    }

    protected static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}

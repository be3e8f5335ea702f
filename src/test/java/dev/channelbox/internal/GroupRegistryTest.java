package dev.channelbox.internal;

import dev.channelbox.JoinStatus;
import dev.channelbox.LeaveStatus;
import dev.channelbox.fixtures.GroupsFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fresh {@link GroupRegistry} driven directly, with real channels: those of clients connected to
 * an in-process server's {@code /groups-solo} route (which joins no group of its own).
 */
class GroupRegistryTest {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(GroupsFixtures.Solo.class);

    private final GroupRegistry registry = new GroupRegistry();
    private final List<TestClient> clients = new ArrayList<>();

    private ChannelImpl channel() {
        TestClient client = TestClient.connect(server.port(), "/groups-solo");
        clients.add(client);
        return (ChannelImpl) server.channelBox().channel(idOf(client)).orElseThrow();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
    }

    @Test
    void joinsAndLeavesWithTheirStatusesAndAGroupGoesWithItsLastMember() {
        ChannelImpl a = channel();
        ChannelImpl b = channel();
        assertEquals(JoinStatus.ADDED, registry.join(a, "g", 0));
        assertEquals(JoinStatus.ADDED, registry.join(b, "g", 0));
        assertEquals(JoinStatus.ALREADY_MEMBER, registry.join(a, "g", 0));
        assertArrayEquals(new ChannelImpl[] {a, b}, registry.membersForSend("g"), "in join order, each once");
        assertEquals(Set.of("g"), a.groups());

        assertEquals(LeaveStatus.REMOVED, registry.leave(a, "g"));
        assertEquals(LeaveStatus.NOT_A_MEMBER, registry.leave(a, "g"));
        assertEquals(Set.of(), a.groups());
        assertEquals(Map.of("g", Set.of(b)), registry.snapshot());

        assertEquals(LeaveStatus.REMOVED, registry.leave(b, "g"));
        assertEquals(Map.of(), registry.snapshot(), "the group is gone with its last member");
        assertEquals(0, registry.membersForSend("g").length);
        assertEquals(LeaveStatus.NO_SUCH_GROUP, registry.leave(b, "g"));
        assertEquals(LeaveStatus.NO_SUCH_GROUP, registry.leave(b, null));
    }

    @Test
    void aBroadcastsMemberArrayIsNeverChangedByLaterJoinsOrLeaves() {
        ChannelImpl a = channel();
        ChannelImpl b = channel();
        registry.join(a, "g", 0);
        ChannelImpl[] seen = registry.membersForSend("g");
        registry.join(b, "g", 0);
        registry.leave(a, "g");
        assertArrayEquals(new ChannelImpl[] {a}, seen);
        assertArrayEquals(new ChannelImpl[] {b}, registry.membersForSend("g"));
    }

    @Test
    void aFullGroupRefusesAndARefusedJoinCreatesNoGroup() {
        ChannelImpl a = channel();
        ChannelImpl b = channel();
        assertEquals(JoinStatus.ADDED, registry.join(a, "small", 1));
        assertEquals(JoinStatus.GROUP_FULL, registry.join(b, "small", 1));
        assertEquals(Set.of("small"), registry.snapshot().keySet());
        assertEquals(Set.of(), b.groups());
    }

    @Test
    void namesAreOneTo256CharactersWithoutControlCharacters() {
        ChannelImpl a = channel();
        for (String bad : new String[] {null, "", "x".repeat(257), "line\nbreak", "nul\u0000"}) {
            assertEquals(JoinStatus.INVALID_GROUP_NAME, registry.join(a, bad, 0), String.valueOf(bad));
        }
        assertEquals(JoinStatus.ADDED, registry.join(a, "x".repeat(256), 0));
        assertEquals(JoinStatus.ADDED, registry.join(a, "salon de thé ☕", 0));
        assertEquals(2, registry.snapshot().size());
    }

    @Test
    void aClosedChannelCannotJoinAndLeaveAllEmptiesItsGroups() {
        ChannelImpl a = channel();
        ChannelImpl b = channel();
        registry.join(a, "one", 0);
        registry.join(a, "two", 0);
        registry.join(b, "two", 0);
        registry.leaveAll(a);
        assertEquals(Set.of(), a.groups());
        assertEquals(Map.of("two", Set.of(b)), registry.snapshot());

        clients.get(0).close();
        eventually("the server saw the close", () -> !a.isOpen());
        assertEquals(JoinStatus.CHANNEL_CLOSED, registry.join(a, "three", 0));
        assertFalse(registry.snapshot().containsKey("three"));
    }

    @Test
    void racingJoinsAndLeavesLeaveGroupsAndChannelsAgreeing() throws Exception {
        List<ChannelImpl> channels = List.of(channel(), channel(), channel());
        List<String> groups = List.of("r0", "r1", "r2", "r3");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 5_000; i++) {
                        ChannelImpl c = channels.get(random.nextInt(channels.size()));
                        String g = groups.get(random.nextInt(groups.size()));
                        if (random.nextBoolean()) {
                            registry.join(c, g, 0);
                        } else {
                            registry.leave(c, g);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (String g : groups) {
            ChannelImpl[] members = registry.membersForSend(g);
            assertEquals(new java.util.HashSet<>(List.of(members)).size(), members.length, "no channel twice in " + g);
            for (ChannelImpl c : channels) {
                assertEquals(List.of(members).contains(c), c.groups().contains(g),
                        "the group and the channel agree on " + g);
            }
            assertTrue(members.length > 0 || !registry.snapshot().containsKey(g), "no empty group is kept: " + g);
        }
    }
}

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
        assertEquals(List.of(a, b), reached("g"), "in join order, each once");
        assertEquals(Set.of("g"), a.groups());

        assertEquals(LeaveStatus.REMOVED, registry.leave(a, "g"));
        assertEquals(LeaveStatus.NOT_A_MEMBER, registry.leave(a, "g"));
        assertEquals(Set.of(), a.groups());
        assertEquals(Map.of("g", Set.of(b)), registry.snapshot());

        assertEquals(LeaveStatus.REMOVED, registry.leave(b, "g"));
        assertEquals(Map.of(), registry.snapshot(), "the group is gone with its last member");
        assertEquals(List.of(), reached("g"));
        assertEquals(0, registry.size("g"));
        assertEquals(LeaveStatus.NO_SUCH_GROUP, registry.leave(b, "g"));
        assertEquals(LeaveStatus.NO_SUCH_GROUP, registry.leave(b, null));
    }

    private List<ChannelImpl> reached(String group) {
        GroupRegistry.Members m = registry.view(group);
        return m == null ? List.of() : m.reached();
    }

    @Test
    void aBroadcastReachesTheMembersOfItsInstantAndNotALaterJoiner() {
        ChannelImpl a = channel();
        ChannelImpl b = channel();
        ChannelImpl c = channel();
        registry.join(a, "g", 0);
        registry.join(c, "g", 0);
        GroupRegistry.Members seen = registry.view("g");
        registry.join(b, "g", 0);
        registry.leave(a, "g");
        registry.join(a, "g", 0); // left and joined again: in a slot that broadcast does not read
        List<ChannelImpl> reached = seen.reached();
        assertTrue(reached.equals(List.of(c)) || reached.equals(List.of(a, c)), "a member that left may be reached, "
                + "once; c, there throughout, once; b, which joined after, not: " + reached);
        assertEquals(List.of(c, b, a), reached("g"));
        assertEquals(3, registry.size("g"));
    }

    @Test
    void joiningAndLeavingCostNoCopyOfTheGroupAndLeftSlotsAreReclaimed() {
        List<ChannelImpl> cs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cs.add(channel());
        }
        for (ChannelImpl c : cs) {
            registry.join(c, "g", 0);
        }
        ChannelImpl[] slots = registry.view("g").slots();
        registry.leave(cs.get(1), "g");
        assertEquals(slots, registry.view("g").slots(), "a leave empties a slot of the same array");
        assertEquals(List.of(cs.get(0), cs.get(2), cs.get(3), cs.get(4), cs.get(5)), reached("g"));
        registry.join(cs.get(1), "g", 0);
        assertEquals(slots, registry.view("g").slots(), "a join takes the next free slot of the same array");
        for (int i = 0; i < 5; i++) {
            registry.leave(cs.get(i), "g");
        }
        GroupRegistry.Members left = registry.view("g");
        assertTrue(left.slots().length < slots.length, "compacted once most slots were empty: " + left);
        assertEquals(List.of(cs.get(5)), left.reached());
        assertEquals(1, left.live());
    }

    @Test
    void underChurnEveryBroadcastReachesAStableMemberOnceAndNoMemberTwice() throws Exception {
        ChannelImpl stable = channel();
        List<ChannelImpl> churning = List.of(channel(), channel(), channel(), channel());
        registry.join(stable, "g", 0);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Future<?>> churners = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                churners.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        ChannelImpl c = churning.get(random.nextInt(churning.size()));
                        registry.leave(c, "g");
                        registry.join(c, "g", 0);
                    }
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                int broadcasts = 0;
                for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end; broadcasts++) {
                    List<ChannelImpl> reached = registry.view("g").reached();
                    assertEquals(new java.util.HashSet<>(reached).size(), reached.size(), "no member twice: " + reached);
                    assertEquals(1, java.util.Collections.frequency(reached, stable), "the stable member once");
                    Set<dev.channelbox.Channel> members = registry.members("g"); // as ChannelBox.group(g) reads it
                    assertTrue(members.contains(stable) && members.size() <= 5, members.toString());
                }
                stop.set(true);
                return broadcasts;
            });
            assertTrue(reader.get() > 1_000, "broadcasts walked during the churn");
            for (Future<?> f : churners) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, registry.size("g"));
        assertEquals(5, new java.util.HashSet<>(reached("g")).size());
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
            List<ChannelImpl> members = reached(g);
            assertEquals(new java.util.HashSet<>(members).size(), members.size(), "no channel twice in " + g);
            assertEquals(members.size(), registry.size(g));
            for (ChannelImpl c : channels) {
                assertEquals(members.contains(c), c.groups().contains(g),
                        "the group and the channel agree on " + g);
            }
            assertTrue(!members.isEmpty() || !registry.snapshot().containsKey(g), "no empty group is kept: " + g);
        }
    }
}

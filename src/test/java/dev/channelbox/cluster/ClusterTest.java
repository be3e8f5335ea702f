package dev.channelbox.cluster;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.HistoryEntry;
import dev.channelbox.SendStatus;
import dev.channelbox.fixtures.ClusterFixtures;
import dev.channelbox.testing.Cluster;
import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestRedis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes in this JVM on one real Redis, real WebSocket clients on each: what a group means is
 * the same from every node (README, "Several nodes").
 */
class ClusterTest {

    private static final int NODES = 3;
    private static final int GROUPS = 5;
    private static final int MEMBERS_PER_NODE_AND_GROUP = 10; // 150 members in all
    private static final int MESSAGES_PER_GROUP = 2_000;

    private static TestRedis redis;
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        redis = TestRedis.shared();
        cluster = new Cluster(redis, b -> b.outboxMaxMessages(20_000).outboxMaxBytes(64L << 20)
                .maxGroupMembers(NODES * MEMBERS_PER_NODE_AND_GROUP + 1), ClusterFixtures.Member.class);
        for (int i = 0; i < NODES; i++) {
            cluster.start();
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A member: its client and its channel id. */
    private record Member(TestClient client, String id, int node) {
    }

    private static Member join(int node, String room) {
        TestClient client = TestClient.connect(cluster.node(node).port(), "/cluster/" + room);
        Map<String, Object> hello = client.nextJsonObject();
        assertEquals("ADDED", hello.get("join"), room + " on node " + node);
        return new Member(client, (String) hello.get("id"), node);
    }

    @Test
    void everyMemberGetsEveryMessageOfItsGroupOnceAndInTheGroupsOrder() throws Exception {
        Map<String, List<Member>> rooms = new HashMap<>();
        for (int g = 0; g < GROUPS; g++) {
            String room = "order-" + g;
            List<Member> members = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                for (int m = 0; m < MEMBERS_PER_NODE_AND_GROUP; m++) {
                    members.add(join(n, room));
                }
            }
            rooms.put(room, members);
        }
        for (String room : rooms.keySet()) {
            for (int n = 0; n < NODES; n++) {
                assertEquals(NODES * MEMBERS_PER_NODE_AND_GROUP, cluster.node(n).box().group(room).size(),
                        room + " counted on node " + n);
            }
        }
        // senders on every node, all groups at once
        ExecutorService senders = Executors.newFixedThreadPool(NODES * GROUPS);
        List<Future<?>> sent = new ArrayList<>();
        for (String room : rooms.keySet()) {
            for (int n = 0; n < NODES; n++) {
                ChannelBox box = cluster.node(n).box();
                int node = n;
                int count = MESSAGES_PER_GROUP / NODES + (n < MESSAGES_PER_GROUP % NODES ? 1 : 0);
                sent.add(senders.submit(() -> {
                    for (int k = 0; k < count; k++) {
                        assertTrue(box.groupSend(room, Map.of("s", node, "n", k)).published());
                    }
                }));
            }
        }
        for (Future<?> f : sent) {
            f.get(2, TimeUnit.MINUTES);
        }
        senders.shutdown();
        for (Map.Entry<String, List<Member>> room : rooms.entrySet()) {
            List<String> reference = null;
            for (Member member : room.getValue()) {
                List<String> got = new ArrayList<>(MESSAGES_PER_GROUP);
                int[] nextFromSender = new int[NODES];
                for (int i = 0; i < MESSAGES_PER_GROUP; i++) {
                    Map<String, Object> m = member.client().nextJsonObject();
                    int s = ((BigDecimal) m.get("s")).intValue();
                    int n = ((BigDecimal) m.get("n")).intValue();
                    assertEquals(nextFromSender[s], n, "sender " + s + "'s messages in send order, none missing or twice, at "
                            + member.id() + " in " + room.getKey());
                    nextFromSender[s]++;
                    got.add(s + "/" + n);
                }
                if (reference == null) {
                    reference = got;
                } else {
                    assertEquals(reference, got, "every member of " + room.getKey() + " sees the same order");
                }
                member.client().assertNothingWithin(java.time.Duration.ZERO);
            }
        }
        // nothing more arrives (no duplicates later)
        rooms.values().iterator().next().get(0).client().assertNothingWithin(java.time.Duration.ofMillis(300));
        rooms.values().forEach(ms -> ms.forEach(m -> m.client().close()));
    }

    @Test
    void countsListsAndCapsAreClusterWide() throws Exception {
        int cap = NODES * MEMBERS_PER_NODE_AND_GROUP + 1;
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            members.add(join(i % NODES, "capped"));
        }
        for (int n = 0; n < NODES; n++) {
            ChannelBox box = cluster.node(n).box();
            Set<Channel> group = box.group("capped");
            assertEquals(cap, group.size(), "node " + n);
            Set<String> ids = new HashSet<>();
            group.forEach(c -> ids.add(c.id()));
            Set<String> expected = new HashSet<>();
            members.forEach(m -> expected.add(m.id()));
            assertEquals(expected, ids, "the same members from node " + n);
            assertEquals(cap, box.showGroups().get("capped").size(), "showGroups on node " + n);
        }
        // full, whichever node the newcomer joins through
        for (int n = 0; n < NODES; n++) {
            try (TestClient late = TestClient.connect(cluster.node(n).port(), "/cluster/capped")) {
                assertEquals("GROUP_FULL", late.nextJsonObject().get("join"), "node " + n);
            }
        }
        // one leaves (its connection closes): a place is free on every node
        Member leaving = members.remove(0);
        leaving.client().closeNormally();
        leaving.client().awaitClose();
        awaitSize(cluster.node(2).box(), "capped", cap - 1);
        Member newcomer = join(2, "capped");
        members.add(newcomer);
        // a member of another node listed in group() can be sent to
        Channel remote = cluster.node(1).box().group("capped").stream()
                .filter(c -> c.id().equals(members.get(0).id())).findFirst().orElseThrow();
        assertEquals(SendStatus.QUEUED, remote.send(Map.of("via", "group()")));
        assertEquals(Map.of("via", "group()"), members.get(0).client().nextJsonObject());
        members.forEach(m -> m.client().close());
        for (int n = 0; n < NODES; n++) {
            awaitSize(cluster.node(n).box(), "capped", 0);
            assertFalse(cluster.node(n).box().showGroups().containsKey("capped"), "an empty group disappears");
        }
    }

    @Test
    void sendToReachesAChannelOnAnyNodeAndAnswersForOneNoneHolds() throws Exception {
        Member member = join(0, "direct");
        for (int n = 0; n < NODES; n++) {
            assertEquals(SendStatus.QUEUED, cluster.node(n).box().sendTo(member.id(), Map.of("from", n)));
            assertEquals(Map.of("from", new BigDecimal(n)), member.client().nextJsonObject());
        }
        String liveNode = member.id().substring(member.id().lastIndexOf('.') + 1);
        assertEquals(SendStatus.NO_SUCH_CHANNEL, cluster.node(1).box().sendTo("no-such-id." + liveNode, "x"));
        assertEquals(SendStatus.NO_SUCH_CHANNEL, cluster.node(1).box().sendTo("no-such-id", "x"));
        member.client().closeNormally();
        member.client().awaitClose();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        SendStatus status;
        do {
            status = cluster.node(1).box().sendTo(member.id(), "after close");
        } while (status != SendStatus.NO_SUCH_CHANNEL && System.nanoTime() < deadline);
        assertEquals(SendStatus.NO_SUCH_CHANNEL, status, "a closed channel on another node");
    }

    @Test
    void historyIsOneAndTheSameFromEveryNode() {
        cluster.node(0).box().flushHistory("chronicle");
        for (int i = 1; i <= 6; i++) {
            assertTrue(cluster.node(i % NODES).box().groupSend("chronicle", Map.of("i", i), true).published());
        }
        // a group send returns before Redis numbers it: wait until all six are in
        awaitHistory(cluster.node(0).box(), "chronicle", 6);
        List<HistoryEntry> first = cluster.node(0).box().showHistory("chronicle");
        Set<String> saved = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1, first.get(i).sequence(), "one sequence, no gaps");
            saved.add(first.get(i).json());
        }
        assertEquals(Set.of("{\"i\":1}", "{\"i\":2}", "{\"i\":3}", "{\"i\":4}", "{\"i\":5}", "{\"i\":6}"), saved);
        for (int n = 1; n < NODES; n++) {
            List<HistoryEntry> history = cluster.node(n).box().showHistory("chronicle");
            assertEquals(first.stream().map(HistoryEntry::json).toList(), history.stream().map(HistoryEntry::json).toList(),
                    "the same history, in the same order, from node " + n);
            assertEquals(first.stream().map(HistoryEntry::sequence).toList(), history.stream().map(HistoryEntry::sequence).toList());
        }
        cluster.node(1).box().flushHistory("chronicle");
        assertEquals(List.of(), cluster.node(2).box().showHistory("chronicle"));
    }

    @Test
    void historyKeepsItsBoundAcrossNodes() {
        int max = 100; // historyMaxMessages default
        for (int i = 1; i <= max + 20; i++) {
            cluster.node(0).box().groupSend("bounded", Map.of("i", i), true); // one sender: in send order
        }
        awaitHistory(cluster.node(1).box(), "bounded", max);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<HistoryEntry> history;
        do {
            history = cluster.node(1).box().showHistory("bounded");
        } while (history.get(max - 1).sequence() < max + 20 && System.nanoTime() < deadline);
        assertEquals(max, history.size());
        assertEquals(21, history.get(0).sequence(), "the oldest fell off one at a time");
        assertEquals("{\"i\":21}", history.get(0).json());
        assertEquals("{\"i\":120}", history.get(max - 1).json());
    }

    @Test
    void aClientSendsThroughOneNodeAndMembersOnTheOthersReceive() {
        Member a = join(0, "chat");
        Member b = join(1, "chat");
        Member c = join(2, "chat");
        a.client().send("{\"text\":\"hello from node 0\"}");
        for (Member m : List.of(a, b, c)) {
            assertEquals(Map.of("text", "hello from node 0"), m.client().nextJsonObject());
        }
        awaitHistory(cluster.node(2).box(), "chat", 1);
        assertInstanceOf(Channel.class, cluster.node(2).box().group("chat").iterator().next());
        List.of(a, b, c).forEach(m -> m.client().close());
    }

    static void awaitHistory(ChannelBox box, String group, int size) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (box.showHistory(group).size() < size && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(size, box.showHistory(group).size(), group);
    }

    static void awaitSize(ChannelBox box, String group, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (box.group(group).size() != size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(size, box.group(group).size(), group);
    }
}

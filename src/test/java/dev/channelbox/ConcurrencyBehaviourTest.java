package dev.channelbox;

import dev.channelbox.fixtures.ConcurrencyFixtures.ChannelRegistry;
import dev.channelbox.fixtures.ConcurrencyFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static dev.channelbox.fixtures.BehaviourTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 50 threads at once joining, leaving and sending to the same groups, on the channels of 50 real
 * clients: no member lost or duplicated, every message that must arrive arrives exactly once, in
 * each sender's order.
 */
class ConcurrencyBehaviourTest {

    static final int THREADS = 50;
    static final int ROUNDS = 10;

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(ConcurrencyFixtures.RoomyOutboxConfig.class, ConcurrencyFixtures.ChannelRegistry.class, ConcurrencyFixtures.Member.class);
    static ChannelBox box;

    @BeforeAll
    static void start() {
        box = server.channelBox();
    }

    /**
     * Thread i, on client i's channel:
     * <ol>
     *   <li>joins "stable" (every thread at once), then waits for all;</li>
     *   <li>ROUNDS times: joins "x" and "churn", sends to "stable" and to "churn" with its own sequence
     *       number, leaves "churn", and leaves "x" again except in the last round.</li>
     * </ol>
     * Only thread i changes channel i's membership, so every join and leave has one right answer.
     * Afterwards "stable" and "x" hold all 50, "churn" is gone; each client has each sender's
     * "stable" messages 0..ROUNDS-1 exactly once in order, its own "churn" messages likewise (it is
     * a member while it sends them), and from other senders any "churn" messages at most once, in order.
     */
    @Test
    void concurrentJoinsLeavesAndSendsLoseAndDuplicateNothing() throws Exception {
        List<TestClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<String> names = IntStream.range(0, THREADS).mapToObj(i -> "c" + i).toList();
            for (String name : names) {
                clients.add(TestClient.connect(server.port(), "/concurrency/" + name));
            }
            Map<String, String> idByName = new HashMap<>();
            for (int i = 0; i < THREADS; i++) {
                idByName.put(names.get(i), idOf(clients.get(i)));
            }
            ChannelRegistry registry = server.select(ChannelRegistry.class);
            eventually("every client's channel is registered", () -> registry.size() == THREADS);
            List<Channel> channels = names.stream().map(n -> registry.get(n).orElseThrow()).toList();

            CyclicBarrier start = new CyclicBarrier(THREADS);
            CyclicBarrier stableJoined = new CyclicBarrier(THREADS);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String me = names.get(t);
                Channel channel = channels.get(t);
                results.add(pool.submit(() -> {
                    List<String> problems = new ArrayList<>();
                    start.await(10, TimeUnit.SECONDS);
                    expect(problems, JoinStatus.ADDED, box.addChannelToGroup(channel, "stable"), me + " join stable");
                    stableJoined.await(10, TimeUnit.SECONDS);
                    for (int n = 0; n < ROUNDS; n++) {
                        expect(problems, JoinStatus.ADDED, box.addChannelToGroup(channel, "x"), me + " join x #" + n);
                        expect(problems, JoinStatus.ADDED, box.addChannelToGroup(channel, "churn"), me + " join churn #" + n);
                        GroupSendResult stable = box.groupSend("stable", Map.of("g", "stable", "s", me, "n", n));
                        expect(problems, new GroupSendResult(THREADS, 0), stable, me + " send stable #" + n);
                        GroupSendResult churn = box.groupSend("churn", Map.of("g", "churn", "s", me, "n", n));
                        if (churn.queued() < 1 || churn.rejected() != 0) {
                            problems.add(me + " send churn #" + n + " reached " + churn + ", yet the sender is a member");
                        }
                        expect(problems, LeaveStatus.REMOVED, box.removeChannelFromGroup(channel, "churn"), me + " leave churn #" + n);
                        if (n < ROUNDS - 1) {
                            expect(problems, LeaveStatus.REMOVED, box.removeChannelFromGroup(channel, "x"), me + " leave x #" + n);
                        }
                    }
                    return problems;
                }));
            }
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> f : results) {
                problems.addAll(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(List.of(), problems, "every join and leave had exactly one right answer");

            // membership: exactly what the operations imply
            Set<String> allIds = Set.copyOf(idByName.values());
            Map<String, Set<Channel>> groups = box.showGroups();
            assertEquals(allIds, ids(groups.get("stable")));
            assertEquals(allIds, ids(groups.get("x")));
            assertEquals(THREADS, groups.get("x").size());
            assertFalse(groups.containsKey("churn"), "every member left 'churn': " + groups.keySet());
            assertEquals(Set.of(), box.group("churn"));
            for (Channel c : channels) {
                assertEquals(Set.of("stable", "x"), c.groups(), c.id());
            }

            // delivery: sent after every worker finished, so it is the last message each client gets
            assertEquals(new GroupSendResult(THREADS, 0), box.groupSend("stable", Map.of("g", "end")));
            for (int i = 0; i < THREADS; i++) {
                checkReceived(names.get(i), clients.get(i), names);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(TestClient::close);
        }
    }

    private static <T> void expect(List<String> problems, T expected, T actual, String what) {
        if (!expected.equals(actual)) {
            problems.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkReceived(String me, TestClient client, List<String> senders) {
        Map<String, List<Integer>> stable = new LinkedHashMap<>();
        Map<String, List<Integer>> churn = new LinkedHashMap<>();
        while (true) {
            Map<String, Object> m = client.nextJsonObject();
            Object g = m.get("g");
            if ("end".equals(g)) {
                break;
            }
            String sender = (String) m.get("s");
            int n = ((Number) m.get("n")).intValue();
            if ("stable".equals(g)) {
                stable.computeIfAbsent(sender, k -> new ArrayList<>()).add(n);
            } else if ("churn".equals(g)) {
                churn.computeIfAbsent(sender, k -> new ArrayList<>()).add(n);
            } else {
                fail(me + " got an unexpected message " + m);
            }
        }
        List<Integer> all = IntStream.range(0, ROUNDS).boxed().toList();
        for (String sender : senders) {
            assertEquals(all, stable.getOrDefault(sender, List.of()),
                    me + ": 'stable' messages of " + sender + ", exactly once each, in order");
        }
        assertEquals(Set.copyOf(senders), stable.keySet());
        assertEquals(all, churn.getOrDefault(me, List.of()), me + ": its own 'churn' messages, sent while a member");
        for (Map.Entry<String, List<Integer>> e : churn.entrySet()) {
            List<Integer> ns = e.getValue();
            for (int k = 1; k < ns.size(); k++) {
                assertTrue(ns.get(k - 1) < ns.get(k),
                        me + ": 'churn' messages of " + e.getKey() + " at most once and in order: " + ns);
            }
        }
        assertTrue(senders.containsAll(churn.keySet()), churn.keySet().stream().collect(Collectors.joining(",")));
    }
}

package dev.channelbox;

import dev.channelbox.fixtures.GroupsFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static dev.channelbox.fixtures.BehaviourTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Groups (rooms): membership, group sends, snapshots, join/leave statuses, group names. */
class GroupsBehaviourTest {

    @RegisterExtension
    static final InProcessServer server =
            InProcessServer.withBeans(GroupsFixtures.RoomMember.class, GroupsFixtures.Solo.class);
    static ChannelBox box;

    @BeforeAll
    static void start() {
        box = server.channelBox();
    }

    private static TestClient member(String room) {
        return TestClient.connect(server.port(), "/groups/" + room);
    }

    @Test
    void aGroupSendReachesExactlyTheMembersOfThatGroup() throws Exception {
        try (TestClient a = member("exact-three"); TestClient b = member("exact-three"); TestClient c = member("exact-three");
             TestClient d = member("exact-two"); TestClient e = member("exact-two")) {
            for (TestClient client : new TestClient[] {a, b, c, d, e}) {
                idOf(client);
            }

            assertEquals(new GroupSendResult(3, 0), box.groupSend("exact-three", Map.of("to", "three")));
            for (TestClient client : new TestClient[] {a, b, c}) {
                assertEquals(Map.of("to", "three"), client.nextJsonObject());
            }
            assertEquals(new GroupSendResult(2, 0), box.groupSend("exact-two", Map.of("to", "two")));
            for (TestClient client : new TestClient[] {d, e}) {
                assertEquals(Map.of("to", "two"), client.nextJsonObject());
            }
            // each client got exactly its own room's message and nothing more
            for (TestClient client : new TestClient[] {a, b, c, d, e}) {
                client.assertNothingWithin(Duration.ofMillis(100));
            }
        }
    }

    @Test
    void aGroupSendToAGroupThatDoesNotExistReachesNobody() throws Exception {
        try (TestClient a = member("nobody-else")) {
            idOf(a);
            assertEquals(new GroupSendResult(0, 0), box.groupSend("no-such-group-at-all", Map.of("x", 1)));
            a.assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void showGroupsAndGroupAreSnapshotsOfTheMembers() {
        try (TestClient a = member("snap-1"); TestClient b = member("snap-1"); TestClient c = member("snap-2")) {
            String ia = idOf(a);
            String ib = idOf(b);
            String ic = idOf(c);

            Map<String, Set<Channel>> groups = box.showGroups();
            assertEquals(Set.of(ia, ib), ids(groups.get("snap-1")));
            assertEquals(Set.of(ic), ids(groups.get("snap-2")));
            assertEquals(Set.of(ia, ib), ids(box.group("snap-1")));
            assertEquals(Set.of(ic), ids(box.group("snap-2")));
            assertEquals(Set.of(), box.group("snap-none"));

            // immutable
            assertThrows(UnsupportedOperationException.class, () -> groups.remove("snap-1"));
            assertThrows(UnsupportedOperationException.class, () -> groups.get("snap-1").clear());
            assertThrows(UnsupportedOperationException.class, () -> box.group("snap-1").clear());

            // a snapshot: it does not follow later changes
            Set<Channel> before = box.group("snap-1");
            Channel channelA = box.channel(ia).orElseThrow();
            assertEquals(LeaveStatus.REMOVED, box.removeChannelFromGroup(channelA, "snap-1"));
            assertEquals(Set.of(ia, ib), ids(before));
            assertEquals(Set.of(ia, ib), ids(groups.get("snap-1")));
            assertEquals(Set.of(ib), ids(box.group("snap-1")));
            assertEquals(Set.of(), channelA.groups());
        }
    }

    @Test
    void aGroupDisappearsWhenItsLastMemberLeaves() {
        try (TestClient keep = member("vanish-keep")) {
            idOf(keep);
            TestClient a = member("vanish");
            TestClient b = member("vanish");
            String ia = idOf(a);
            String ib = idOf(b);
            assertEquals(Set.of(ia, ib), ids(box.group("vanish")));

            a.closeNormally();
            eventually("a left 'vanish'", () -> ids(box.group("vanish")).equals(Set.of(ib)), () -> box.showGroups());
            assertTrue(box.showGroups().containsKey("vanish"));

            b.closeNormally();
            eventually("'vanish' is gone", () -> !box.showGroups().containsKey("vanish"), () -> box.showGroups());
            assertEquals(Set.of(), box.group("vanish"));
            assertTrue(box.showGroups().containsKey("vanish-keep"));
            a.close();
            b.close();
        }
    }

    @Test
    void aGroupLeftEmptyThroughLeaveDisappearsAndCanBeCreatedAgain() {
        try (TestClient a = TestClient.connect(server.port(), "/groups-solo")) {
            Channel channel = box.channel(idOf(a)).orElseThrow();
            assertEquals(JoinStatus.ADDED, box.addChannelToGroup(channel, "again"));
            assertEquals(LeaveStatus.REMOVED, box.removeChannelFromGroup(channel, "again"));
            assertFalse(box.showGroups().containsKey("again"));
            assertEquals(JoinStatus.ADDED, box.addChannelToGroup(channel, "again"));
            assertEquals(Set.of(channel), box.group("again"));
        }
    }

    @Test
    void joinSaysAddedThenAlreadyMember() {
        try (TestClient a = TestClient.connect(server.port(), "/groups-solo")) {
            Channel channel = box.channel(idOf(a)).orElseThrow();
            assertEquals(JoinStatus.ADDED, box.addChannelToGroup(channel, "join-twice"));
            assertEquals(JoinStatus.ALREADY_MEMBER, box.addChannelToGroup(channel, "join-twice"));
            assertEquals(Set.of(channel), box.group("join-twice"));
            assertEquals(Set.of("join-twice"), channel.groups());
        }
    }

    @Test
    void leaveSaysRemovedNotAMemberOrNoSuchGroup() {
        try (TestClient a = TestClient.connect(server.port(), "/groups-solo");
             TestClient other = member("leave-other")) {
            Channel channel = box.channel(idOf(a)).orElseThrow();
            idOf(other);

            assertEquals(LeaveStatus.NO_SUCH_GROUP, box.removeChannelFromGroup(channel, "leave-never-existed"));
            assertEquals(LeaveStatus.NOT_A_MEMBER, box.removeChannelFromGroup(channel, "leave-other"));
            assertEquals(1, box.group("leave-other").size(), "a failed leave changes nothing");

            assertEquals(JoinStatus.ADDED, box.addChannelToGroup(channel, "leave-other"));
            assertEquals(LeaveStatus.REMOVED, box.removeChannelFromGroup(channel, "leave-other"));
            assertEquals(LeaveStatus.NOT_A_MEMBER, box.removeChannelFromGroup(channel, "leave-other"));

            assertEquals(JoinStatus.ADDED, box.addChannelToGroup(channel, "leave-alone"));
            assertEquals(LeaveStatus.REMOVED, box.removeChannelFromGroup(channel, "leave-alone"));
            assertEquals(LeaveStatus.NO_SUCH_GROUP, box.removeChannelFromGroup(channel, "leave-alone"));
        }
    }

    @Test
    void invalidGroupNamesAreRefused() {
        try (TestClient a = TestClient.connect(server.port(), "/groups-solo")) {
            Channel channel = box.channel(idOf(a)).orElseThrow();
            for (String name : new String[] {"", "x".repeat(ChannelBox.MAX_GROUP_NAME_LENGTH + 1), "line\nbreak",
                    "nul\u0000", "tab\there", "del\u007f", "c1\u0085"}) {
                assertEquals(JoinStatus.INVALID_GROUP_NAME, box.addChannelToGroup(channel, name),
                        "name of " + name.length() + " chars: " + name.chars().boxed().toList());
            }
            assertEquals(Set.of(), channel.groups());
            assertEquals(Set.of(), box.showGroups().keySet().stream()
                    .filter(g -> g.isEmpty() || g.length() > ChannelBox.MAX_GROUP_NAME_LENGTH
                            || g.chars().anyMatch(Character::isISOControl))
                    .collect(java.util.stream.Collectors.toSet()));

            // the limits themselves are fine: 256 characters, and non-ASCII names
            String longest = "y".repeat(ChannelBox.MAX_GROUP_NAME_LENGTH);
            assertEquals(JoinStatus.ADDED, box.addChannelToGroup(channel, longest));
            assertEquals(JoinStatus.ADDED, box.addChannelToGroup(channel, "salle à manger ☕"));
            assertEquals(Set.of(longest, "salle à manger ☕"), channel.groups());
        }
    }

    @Test
    void aClientInNoGroupGetsNoGroupMessages() throws Exception {
        try (TestClient solo = TestClient.connect(server.port(), "/groups-solo"); TestClient a = member("solo-room")) {
            String id = idOf(solo);
            idOf(a);
            assertEquals(Set.of(), box.channel(id).orElseThrow().groups());
            assertEquals(new GroupSendResult(1, 0), box.groupSend("solo-room", Map.of("x", 1)));
            assertEquals(Map.of("x", java.math.BigDecimal.ONE), a.nextJsonObject());
            solo.assertNothingWithin(Duration.ofMillis(100));
        }
    }
}

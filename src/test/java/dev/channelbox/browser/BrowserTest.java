package dev.channelbox.browser;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.demo.DemoServer;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.TcpProxy;
import dev.channelbox.testing.TestRedis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo page in headless Chromium, as people use it: real pages on the real demo server, one browser
 * per person. Screenshots of each step go to {@code target/browser/} (step-person.png).
 */
class BrowserTest {

    private static ChannelBoxServer server;

    @BeforeAll
    static void start() throws java.io.IOException {
        if (java.nio.file.Files.isDirectory(Chromium.SCREENSHOTS)) { // this run's screenshots only
            try (var old = java.nio.file.Files.list(Chromium.SCREENSHOTS)) {
                for (java.nio.file.Path f : old.toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
        }
        server = DemoServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String page(int port) {
        return "http://127.0.0.1:" + port + "/";
    }

    private static String room(String name) {
        return name + "-" + Long.toHexString(System.nanoTime()).substring(8);
    }

    private static List<String> texts(List<ChatPage.Line> lines, String user) {
        return lines.stream().filter(l -> l.user().startsWith(user)).map(ChatPage.Line::text).toList();
    }

    @Test
    void twoPagesChatAndAThirdThatJoinsLateSeesTheHistory() {
        String room = room("lobby");
        try (ChatPage ann = new ChatPage(page(server.port()), "ann");
             ChatPage bob = new ChatPage(page(server.port()), "bob")) {
            ann.join(room, "ann");
            bob.join(room, "bob");
            ann.await("bob in the member list", p -> p.members().equals(List.of("ann (you)", "bob")));
            ann.say("hello bob");
            bob.await("ann's message", p -> texts(p.lines(), "ann").equals(List.of("hello bob")));
            bob.say("hi ann");
            ann.await("bob's answer", p -> texts(p.lines(), "bob").equals(List.of("hi ann")));
            List<ChatPage.Line> seen = ann.lines();
            assertEquals(List.of("ann (you)", "bob"), seen.stream().map(ChatPage.Line::user).toList());
            assertEquals(List.of(true, false), seen.stream().map(ChatPage.Line::mine).toList(), "one's own messages are marked");
            assertTrue(ann.notes().contains("bob joined"), ann.notes().toString());
            ann.screenshot("01-two-pages-chat");
            bob.screenshot("01-two-pages-chat");
            try (ChatPage carl = new ChatPage(page(server.port()), "carl")) {
                carl.join(room, "carl");
                carl.await("the room's history", p -> p.lines().size() == 2);
                assertEquals(List.of("hello bob", "hi ann"), carl.lines().stream().map(ChatPage.Line::text).toList());
                carl.await("everyone", p -> p.members().equals(List.of("ann", "bob", "carl (you)")));
                ann.await("carl", p -> p.members().equals(List.of("ann (you)", "bob", "carl")));
                carl.screenshot("02-late-joiner-sees-history");
            }
        }
    }

    @Test
    void theMemberListFollowsJoinsLeavesAndClosedTabs() {
        String room = room("members");
        try (ChatPage ann = new ChatPage(page(server.port()), "ann")) {
            ann.join(room, "ann");
            ChatPage bob = new ChatPage(page(server.port()), "bob");
            try {
                bob.join(room, "bob");
                ann.await("bob joins", p -> p.members().equals(List.of("ann (you)", "bob")));
                bob.leave();
                ann.await("bob leaves", p -> p.members().equals(List.of("ann (you)")));
                assertTrue(ann.notes().contains("bob left"), ann.notes().toString());
                bob.await("an empty page", p -> p.members().isEmpty() && p.lines().isEmpty());
                ann.screenshot("03-after-leave");
                bob.join(room, "bob");
                ann.await("bob is back", p -> p.members().equals(List.of("ann (you)", "bob")));
                String other = room("other");
                bob.join(other, "bob"); // switches rooms: the old one's list and log are gone
                bob.await("the other room", p -> p.members().equals(List.of("bob (you)")));
                ann.await("bob left for another room", p -> p.members().equals(List.of("ann (you)")));
                bob.join(room, "bob");
                ann.await("bob is back again", p -> p.members().equals(List.of("ann (you)", "bob")));
            } finally {
                bob.close(); // the tab closes
            }
            ann.await("bob's tab closed", p -> p.members().equals(List.of("ann (you)")));
            ann.screenshot("04-after-tab-close");
        }
    }

    @Test
    void aPageTooFastForTheRateLimitIsToldSo() {
        String room = room("fast");
        try (ChatPage ann = new ChatPage(page(server.port()), "ann")) {
            ann.join(room, "ann");
            ann.submitQuickly(100, "spam"); // faster than anyone types: the page's own form, 100 times at once
            // every submit is either shown as a message or counted as refused (repeats share a line)
            ann.await("every submit accounted for", p -> p.lines().size() + refused(p.notes()) == 100);
            assertTrue(refused(ann.notes()) > 0, ann.notes().toString());
            assertTrue(ann.notes().size() < refused(ann.notes()), "repeats are counted, not repeated: " + ann.notes());
            ann.screenshot("05-rate-limit");
        }
    }

    /** One node: the server drops Ann's connection, and her page cannot reconnect while Bob sends 50 messages. */
    @Test
    void aDroppedPageShowsEveryMessageSentMeanwhileOnceInOrder() throws Exception {
        String room = room("drop");
        try (TcpProxy toServer = new TcpProxy("127.0.0.1", server.port());
             ChatPage ann = new ChatPage(page(toServer.port()), "ann");
             ChatPage bob = new ChatPage(page(server.port()), "bob")) {
            ann.join(room, "ann");
            bob.join(room, "bob");
            bob.say("before");
            ann.await("bob's first", p -> texts(p.lines(), "bob").equals(List.of("before")));
            toServer.refuse(); // the next connections are refused...
            closeChannelOf(server.channelBox(), room, "ann"); // ...and the server drops this one
            ann.await("the server's close", p -> p.status().startsWith("disconnected (1012)"));
            ann.await("the reconnecting banner", ChatPage::bannerShown);
            ann.screenshot("06-dropped-banner");
            List<String> sent = sendFifty(bob);
            toServer.restore();
            ann.await("all 50", p -> texts(p.lines(), "bob").size() >= 51);
            ann.await("the banner gone", p -> !p.bannerShown());
            List<String> expected = new ArrayList<>(List.of("before"));
            expected.addAll(sent);
            assertEquals(expected, texts(ann.lines(), "bob"), "every message once, in order");
            ann.screenshot("07-back-with-all-50");
        }
    }

    /** Two nodes on Redis: Ann's page comes back through its load balancer to the other node. */
    @Test
    void aDroppedPageThatComesBackToTheOtherNodeShowsEveryMessageOnceInOrder() throws Exception {
        String room = room("cluster");
        TestRedis redis = TestRedis.shared();
        String prefix = TestRedis.newPrefix();
        ChannelBoxConfig config = ChannelBoxConfig.builder().redisUrl(redis.url()).redisPrefix(prefix).build();
        try (ChannelBoxServer one = DemoServer.start("127.0.0.1", 0, config);
             ChannelBoxServer two = DemoServer.start("127.0.0.1", 0, config);
             TcpProxy balancer = new TcpProxy("127.0.0.1", one.port());
             ChatPage ann = new ChatPage(page(balancer.port()), "ann");
             ChatPage bob = new ChatPage(page(two.port()), "bob")) {
            ann.join(room, "ann");
            bob.join(room, "bob");
            ann.await("bob, on the other node", p -> p.members().equals(List.of("ann (you)", "bob")));
            bob.say("before");
            ann.await("bob's first", p -> texts(p.lines(), "bob").equals(List.of("before")));
            balancer.retarget(two.port());
            balancer.cut(); // node one is gone for this page
            ann.await("the reconnecting banner", ChatPage::bannerShown);
            List<String> sent = sendFifty(bob);
            balancer.restore();
            ann.await("all 50", p -> texts(p.lines(), "bob").size() >= 51);
            ann.await("the banner gone", p -> !p.bannerShown());
            List<String> expected = new ArrayList<>(List.of("before"));
            expected.addAll(sent);
            assertEquals(expected, texts(ann.lines(), "bob"), "every message once, in order");
            ann.await("the members, from node two", p -> p.members().equals(List.of("ann (you)", "bob")));
            assertFalse(one.channelBox().channel(idOf(two.channelBox(), room, "ann")).isPresent(), "ann is on node two now");
            ann.screenshot("08-other-node-all-50");
        } finally {
            redis.deleteKeys(prefix);
        }
    }

    /** How many refusals the rate-limit lines count ("... (×57)" counts 57, a line without a count 1). */
    private static int refused(List<String> notes) {
        int n = 0;
        for (String note : notes) {
            if (note.startsWith("server: rate limit exceeded")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(×(\\d+)\\)$").matcher(note);
                n += m.find() ? Integer.parseInt(m.group(1)) : 1;
            }
        }
        return n;
    }

    /** Bob types 50 messages (within the demo's rate limit) and sees them all. */
    private static List<String> sendFifty(ChatPage bob) throws InterruptedException {
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            bob.say("m" + i);
            sent.add("m" + i);
            Thread.sleep(30);
        }
        bob.await("bob's 50", p -> texts(p.lines(), "bob").size() >= 51);
        return sent;
    }

    private static void closeChannelOf(ChannelBox box, String room, String user) {
        for (Channel c : box.group(room)) {
            if (user.equals(c.attributes().get("user"))) {
                c.close(1012, "restarting");
                return;
            }
        }
        throw new AssertionError(user + " is not in " + room);
    }

    private static String idOf(ChannelBox box, String room, String user) {
        return box.group(room).stream().filter(c -> user.equals(c.attributes().get("user"))).findFirst()
                .orElseThrow(() -> new AssertionError(user + " is not in " + room)).id();
    }
}

package dev.channelbox.internal;

import dev.channelbox.Position;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryRequestsTest {

    private static final JsonCodec CODEC = new JsonCodec();

    @AfterAll
    static void closeCodec() {
        CODEC.close();
    }

    @Test
    void positionsReadBackWhatTheyWrite() {
        Position p = new Position("3c9e0a7f12d4b865", 17);
        assertEquals("3c9e0a7f12d4b865:17", p.toString());
        assertEquals(p, Position.parse(p.toString()));
        assertEquals(Position.START, Position.parse(":0"));
        for (String bad : List.of("", "17", "a:b", "a:-1", "a:b:1", "x".repeat(65) + ":1")) {
            assertThrows(IllegalArgumentException.class, () -> Position.parse(bad), bad);
        }
    }

    @Test
    void theQueryNamesEachGroupOnceDecodedAndTheLastAtSplitsTheGroupFromThePosition() {
        RecoveryRequests r = RecoveryRequests.fromQuery(
                "username=ann&recover=lobby%40home@ab:3&recover=caf%C3%A9@cd:0&recover=lobby%40home@ab:4&other=x");
        assertEquals(new Position("ab", 4), r.take("lobby@home"), "asked again: the last one counts");
        assertNull(r.take("lobby@home"), "taken once");
        assertEquals(new Position("cd", 0), r.take("café"));
        assertEquals(List.of(), r.takeProblems());
    }

    @Test
    void problemsAreKeptForTheClientAndBoundTheRequests() {
        StringBuilder q = new StringBuilder("recover=plain&recover=%01@a:1&recover=g@a:x");
        for (int i = 0; i < RecoveryRequests.MAX + 1; i++) {
            q.append("&recover=g").append(i).append("@e:1");
        }
        RecoveryRequests r = RecoveryRequests.fromQuery(q.toString());
        List<String> problems = r.takeProblems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("expected group@epoch:offset"), problems.get(0));
        assertTrue(problems.get(1).contains("not a group name"), problems.get(1));
        assertTrue(problems.get(2).contains("a position is epoch:offset"), problems.get(2));
        assertTrue(problems.get(3).contains("more than " + RecoveryRequests.MAX), problems.get(3));
        assertEquals(new Position("e", 1), r.take("g0"));
        assertEquals(List.of(), r.takeProblems(), "told once");
    }

    @Test
    void aMessageIsAskedOnlyWhenItIsARecoverWithAGroupAndAPosition() {
        RecoveryRequests r = RecoveryRequests.fromQuery("");
        assertNull(r.askByMessage("{\"channelbox\":\"recover\",\"group\":\"g\",\"position\":\"e:2\"}", CODEC, g -> false));
        assertEquals(new Position("e", 2), r.take("g"));
        assertTrue(r.askByMessage("{\"channelbox\":\"recover\",\"group\":\"g\",\"position\":\"e:2\"}", CODEC, g -> true)
                .contains("already in the group"));
        assertTrue(r.askByMessage("{\"channelbox\":\"recover\",\"group\":7,\"position\":\"e:2\"}", CODEC, g -> false)
                .contains("a string \"group\""));
        assertTrue(r.askByMessage("{\"channelbox\":[1]}", CODEC, g -> false).contains("unknown message"));
        assertTrue(r.askByMessage("{\"channelbox\":", CODEC, g -> false).contains("not a JSON object"));
        assertNull(r.take("g"));
    }
}

package dev.channelbox.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PathTemplateTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/ws", "/chat/{room_id}", "/a/{x}/b/{y}", "/v1.0/~user/{name}", "/x/{a.b-c_d}",
            "/odd/chars-._~!$&'()*+,;=:@%20"})
    void wellFormedTemplatesHaveNoProblems(String path) {
        assertEquals(List.of(), PathTemplate.problems(path));
    }

    @Test
    void emptyOrMissingPathIsReported() {
        assertEquals(List.of("the path is empty"), PathTemplate.problems(""));
        assertEquals(List.of("the path is empty"), PathTemplate.problems(null));
    }

    @Test
    void pathMustStartWithSlash() {
        assertEquals(List.of("the path must start with '/'"), PathTemplate.problems("chat/{room}"));
    }

    @Test
    void trailingSlashIsReported() {
        assertEquals(List.of("the path must not end with '/'"), PathTemplate.problems("/chat/"));
    }

    @Test
    void emptySegmentIsReported() {
        assertEquals(List.of("the path has an empty segment ('//')"), PathTemplate.problems("/a//b"));
    }

    @Test
    void emptySegmentIsReportedEvenWhenThePathAlsoEndsWithSlash() {
        assertEquals(List.of("the path must not end with '/'", "the path has an empty segment ('//')"),
                PathTemplate.problems("/a//b/"));
        assertEquals(List.of("the path must not end with '/'", "the path has an empty segment ('//')"),
                PathTemplate.problems("//"));
    }

    @Test
    void unclosedVariableIsReportedAsMalformedSegment() {
        assertEquals(List.of("malformed segment '{b': a path parameter must be a whole segment like {name}"),
                PathTemplate.problems("/a/{b"));
    }

    @Test
    void variableThatIsOnlyPartOfASegmentIsReported() {
        assertEquals(List.of("malformed segment 'room-{id}': a path parameter must be a whole segment like {name}"),
                PathTemplate.problems("/room-{id}"));
    }

    @Test
    void repeatedVariableIsReported() {
        assertEquals(List.of("the path parameter {x} appears twice"), PathTemplate.problems("/a/{x}/{x}"));
    }

    @Test
    void charactersNotAllowedInAPathAreReported() {
        assertEquals(List.of("segment 'a b' has characters not allowed in a URI path"), PathTemplate.problems("/a b"));
        assertEquals(List.of("segment 'a?b' has characters not allowed in a URI path"), PathTemplate.problems("/a?b"));
    }

    @Test
    void everyProblemOfOnePathIsListed() {
        assertEquals(List.of("the path parameter {x} appears twice",
                        "malformed segment '{y': a path parameter must be a whole segment like {name}"),
                PathTemplate.problems("/{x}/{x}/{y"));
    }

    @Test
    void variablesAreListedInOrder() {
        assertEquals(List.of("room", "user_id"), PathTemplate.variables("/chat/{room}/u/{user_id}"));
        assertEquals(List.of(), PathTemplate.variables("/ws"));
    }

    @Test
    void templatesDifferingOnlyInVariableNamesHaveTheSameShape() {
        assertEquals(PathTemplate.shape("/a/{x}/b"), PathTemplate.shape("/a/{y}/b"));
        assertNotEquals(PathTemplate.shape("/a/{x}"), PathTemplate.shape("/a/x"));
        assertNotEquals(PathTemplate.shape("/a/{x}"), PathTemplate.shape("/a/{x}/{y}"));
    }

    @Test
    void tailDropsAContextPathBeforeTheRoute() {
        assertEquals("/chat/r", PathTemplate.tail("/chat/{room}", "/demo/chat/r"));
        assertEquals("/chat/r", PathTemplate.tail("/chat/{room}", "/chat/r"));
        assertEquals("/ws", PathTemplate.tail("/ws", "/a/b/ws"));
        assertEquals("/", PathTemplate.tail("/", "/demo/"));
    }

    @Test
    void anExactPathPrecedesATemplateAndTheFirstLiteralSegmentDecidesBetweenTemplates() {
        assertTrue(PathTemplate.precedes("/rooms/admin", "/rooms/{id}"));
        assertFalse(PathTemplate.precedes("/rooms/{id}", "/rooms/admin"));
        assertTrue(PathTemplate.precedes("/deep/admin/{b}", "/deep/{a}/end"), "segment 2 decides, not the count of literals");
        assertFalse(PathTemplate.precedes("/deep/{a}/end", "/deep/admin/{b}"));
        assertFalse(PathTemplate.precedes("/same/{x}", "/same/{x}"));
    }

    @Test
    void aLiteralSegmentMatchesItsPercentEncodedSpellingAndParametersAreDecoded() {
        assertEquals(java.util.Map.of(), PathTemplate.match("/rooms/admin", "/rooms/%61dmin"));
        assertEquals(java.util.Map.of("id", "a b+c"), PathTemplate.match("/rooms/{id}", "/rooms/a%20b+c"));
        assertEquals("/rooms/admin/a b", PathTemplate.decoded("/rooms/%61dmin/a%20b"));
        assertEquals("/plain/path", PathTemplate.decoded("/plain/path"));
    }
}

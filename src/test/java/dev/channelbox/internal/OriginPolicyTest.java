package dev.channelbox.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which browser origins may open a connection: the allowlist patterns and the same-origin default. */
class OriginPolicyTest {

    @Test
    void clientsWithoutAnOriginAreNotBrowsersAndPass() {
        assertTrue(OriginPolicy.allows(null, "chat.example.com", List.of()));
        assertTrue(OriginPolicy.allows("", "chat.example.com", List.of("https://other.example.com")));
    }

    @Test
    void withoutAListOnlyTheSameOriginPasses() {
        assertTrue(OriginPolicy.allows("https://chat.example.com", "chat.example.com", List.of()));
        assertTrue(OriginPolicy.allows("http://localhost:8080", "localhost:8080", List.of()));
        assertTrue(OriginPolicy.allows("https://Chat.Example.com:443", "chat.example.com", List.of()), "default port, any case");
        assertFalse(OriginPolicy.allows("https://evil.example.net", "chat.example.com", List.of()));
        assertFalse(OriginPolicy.allows("http://localhost:9090", "localhost:8080", List.of()), "another port is another origin");
        assertFalse(OriginPolicy.allows("https://chat.example.com", null, List.of()), "no Host: nothing to compare with");
    }

    @Test
    void aListNamesSchemeHostAndPortOrAnyPort() {
        List<String> list = List.of("https://chat.example.com", "http://localhost:*");
        assertTrue(OriginPolicy.allows("https://chat.example.com", "api.example.com", list));
        assertTrue(OriginPolicy.allows("http://localhost:5173", "api.example.com", list));
        assertFalse(OriginPolicy.allows("http://chat.example.com", "api.example.com", list), "the scheme counts");
        assertFalse(OriginPolicy.allows("https://chat.example.com:8443", "api.example.com", list), "the port counts");
        assertFalse(OriginPolicy.allows("https://localhost:5173", "api.example.com", list));
        assertTrue(OriginPolicy.allows("https://anything.example", "x", List.of("*")));
    }

    @Test
    void anOriginThatIsNotSchemeHostPortNeverPasses() {
        List<String> any = List.of("*");
        for (String bad : List.of("null", "https://chat.example.com/path", "https://user@chat.example.com",
                "chat.example.com", "https://chat.example.com?x=1", "::")) {
            assertFalse(OriginPolicy.allows(bad, "chat.example.com", any.subList(0, 0)), bad);
            assertFalse(OriginPolicy.allowedByList(bad, any), bad + " even with *");
        }
    }

    @Test
    void patternsAreValidatedAsTheyAreDeclared() {
        assertTrue(OriginPolicy.isValidPattern("*"));
        assertTrue(OriginPolicy.isValidPattern("https://chat.example.com"));
        assertTrue(OriginPolicy.isValidPattern("http://localhost:*"));
        assertTrue(OriginPolicy.isValidPattern("http://localhost:8080"));
        assertFalse(OriginPolicy.isValidPattern("chat.example.com"));
        assertFalse(OriginPolicy.isValidPattern("https://chat.example.com/"));
    }
}

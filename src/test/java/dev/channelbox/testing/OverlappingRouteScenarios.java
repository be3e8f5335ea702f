package dev.channelbox.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overlapping routes with a guard on the more specific one ({@code OverlappingRoutes} in
 * {@code it/containers/app}), as a client meets them: on the embedded server and on every container.
 * The guarded route serves its paths whichever was declared first, its guard runs exactly once per
 * handshake, and no spelling of the path gets past it.
 */
public interface OverlappingRouteScenarios {

    /** The server's port. */
    int targetPort();

    /** The context path of the application with the fixture routes ("" standalone; the probe WAR in containers). */
    String fixtureContextPath();

    /** What a client gets from a handshake: "HTTP 403", "close 1008" or the first message. */
    private String outcome(String path, Map<String, String> headers) {
        try (RawClient c = RawClient.connect(targetPort(), fixtureContextPath() + path, 0, headers)) {
            RawClient.Frame f = c.readFrame();
            return f.opcode() == 8 ? "close " + f.closeCode() : f.text();
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains(" 403 ") ? "HTTP 403" : m;
        }
    }

    private static Map<String, String> admin() {
        return Map.of("X-Admin", "yes", "X-Probe", UUID.randomUUID().toString());
    }

    private static void assertRefused(String outcome, String path) {
        // HTTP 403 where the container lets our filter answer before the upgrade, else the
        // documented fallback: accepted and closed at once with 1008, before any user code
        assertTrue(outcome.equals("HTTP 403") || outcome.equals("close 1008"), path + " without X-Admin got: " + outcome);
    }

    /** Refused without X-Admin, after one run of the guard (a second run would count twice). */
    private void assertRefusedAfterOneGuardCall(String path) {
        String probe = UUID.randomUUID().toString();
        assertRefused(outcome(path, Map.of("X-Probe", probe)), path);
        assertEquals("1", outcome("/guard-calls/" + probe, Map.of()), "guard calls for the refused " + path);
    }

    @Test
    default void theGuardOfTheExactRouteRunsWhenTheTemplateWasDeclaredFirst() {
        assertRefusedAfterOneGuardCall("/rooms/admin");
        assertEquals("rooms admin, guard calls 1", outcome("/rooms/admin", admin()));
    }

    @Test
    default void theGuardOfTheExactRouteRunsWhenItWasDeclaredFirst() {
        assertRefusedAfterOneGuardCall("/halls/admin");
        assertEquals("halls admin, guard calls 1", outcome("/halls/admin", admin()));
    }

    @Test
    default void theFirstLiteralSegmentDecidesBetweenTwoTemplates() {
        // /deep/{a}/end and /deep/admin/{b} both match: the literal "admin" in the second segment wins
        assertRefusedAfterOneGuardCall("/deep/admin/end");
        assertEquals("deep admin end, guard calls 1", outcome("/deep/admin/end", admin()));
    }

    @Test
    default void aPercentEncodedValueInAGuardedTemplateRunsTheGuardOnce() {
        // the front filter sees "a%20b", a container's configurator may see "a b": the same request
        // for both, so the filter's verdict stands and the guard does not run a second time
        assertRefusedAfterOneGuardCall("/deep/admin/a%20b");
        assertEquals("deep admin a b, guard calls 1", outcome("/deep/admin/a%20b", admin()));
    }

    @Test
    default void theTemplatesStillServeTheirOtherPathsWithoutTheGuard() {
        assertEquals("room lobby", outcome("/rooms/lobby", Map.of()));
        assertEquals("hall lobby", outcome("/halls/lobby", Map.of()));
        assertEquals("deep end x", outcome("/deep/x/end", Map.of()));
    }

    @Test
    default void aPercentEncodedSpellingOfTheGuardedPathDoesNotGetPastTheGuard() {
        // a container may serve the spelling with the guarded route (then its guard runs, once) or
        // with the template (then the client is in the open room, not the admin one); never the
        // admin route without its guard
        String probe = UUID.randomUUID().toString();
        String refused = outcome("/rooms/%61dmin", Map.of("X-Probe", probe));
        System.out.println(getClass().getSimpleName() + ": /rooms/%61dmin without X-Admin got: " + refused);
        assertTrue(refused.equals("HTTP 403") || refused.equals("close 1008") || refused.startsWith("room "), refused);
        if (!refused.startsWith("room ")) {
            // the filter and the configurator decode the path alike: one of them ran the guard, not both
            assertEquals("1", outcome("/guard-calls/" + probe, Map.of()), "guard calls for the refused /rooms/%61dmin");
        }
        String admitted = outcome("/rooms/%61dmin", admin());
        assertTrue(admitted.equals("rooms admin, guard calls 1") || admitted.startsWith("room "), admitted);
    }
}

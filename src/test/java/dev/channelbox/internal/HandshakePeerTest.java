package dev.channelbox.internal;

import dev.channelbox.Verdict;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A front end's verdict is handed to the configurator of the route it checked, for the path it
 * checked however either spells it, and to no other route.
 */
class HandshakePeerTest {

    private final Route admin = route("/rooms/admin");
    private final Route room = route("/rooms/{id}");

    @AfterEach
    void clear() {
        HandshakePeer.clear();
    }

    @Test
    void aVerdictCountsOnlyForTheRouteWhoseChecksRan() {
        Verdict allowed = Verdict.allow();
        HandshakePeer.checked(room, "/rooms/admin", allowed, java.util.Map.of());
        assertNull(HandshakePeer.checkedFor(admin, "/rooms/admin"), "another route's approval is not inherited");
        assertSame(allowed, HandshakePeer.checkedFor(room, "/rooms/admin").verdict());
    }

    @Test
    void theFilterAndTheConfiguratorCompareThePathDecoded() {
        Verdict allowed = Verdict.allow();
        HandshakePeer.checked(admin, "/rooms/%61dmin", allowed, java.util.Map.of()); // the filter sees the path as sent
        assertSame(allowed, HandshakePeer.checkedFor(admin, "/rooms/admin").verdict(), "a container that decodes first");
        assertSame(allowed, HandshakePeer.checkedFor(admin, "/rooms/%61dmin").verdict());
        assertNull(HandshakePeer.checkedFor(admin, "/rooms/other"));
    }

    @Test
    void aNewRequestOnTheThreadStartsWithoutAVerdict() {
        HandshakePeer.checked(admin, "/rooms/admin", Verdict.allow(), java.util.Map.of());
        HandshakePeer.set("127.0.0.1", 1234);
        assertNull(HandshakePeer.checkedFor(admin, "/rooms/admin"));
    }

    private static Route route(String path) {
        try {
            Method m = HandshakePeerTest.class.getDeclaredMethod("handler");
            Route.InstanceProvider unused = () -> {
                throw new AssertionError("no instance needed");
            };
            return Route.handler(path, m, List.of(), unused, RouteSettings.NONE, RouteAccess.OPEN);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unused")
    private static void handler() {
    }
}

package dev.channelbox.internal;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Which route the gate picks for a path several templates match, whatever order the routes were
 * declared in (the order CDI discovers beans and reflection lists methods is not specified).
 */
class HandshakeGateTest {

    private static final List<String> PATHS = List.of(
            "/rooms/{id}", "/rooms/admin", "/deep/{a}/end", "/deep/admin/{b}", "/x/{a}/{b}", "/x/{a}/c", "/x/b/{c}");

    @Test
    void theSpecificationsPrecedenceDecidesInEveryDeclarationOrder() throws Exception {
        List<Route> routes = new ArrayList<>();
        for (String p : PATHS) {
            routes.add(route(p));
        }
        for (int rotation = 0; rotation < routes.size(); rotation++) {
            for (boolean reversed : new boolean[] {false, true}) {
                List<Route> order = new ArrayList<>(routes);
                Collections.rotate(order, rotation);
                if (reversed) {
                    Collections.reverse(order);
                }
                HandshakeGate gate = new HandshakeGate(order, null);
                String in = " with routes in the order " + order.stream().map(Route::path).toList();
                assertEquals("/rooms/admin", gate.match("/rooms/admin").route().path(), "exact before template" + in);
                assertEquals("/rooms/{id}", gate.match("/rooms/lobby").route().path(), in);
                assertEquals("/deep/admin/{b}", gate.match("/deep/admin/end").route().path(),
                        "the first segment where one is literal decides" + in);
                assertEquals(Map.of("a", "x"), gate.match("/deep/x/end").pathParams(), in);
                assertEquals("/x/b/{c}", gate.match("/x/b/c").route().path(), in);
                assertEquals("/x/{a}/c", gate.match("/x/z/c").route().path(), in);
                assertEquals("/x/{a}/{b}", gate.match("/x/z/z").route().path(), in);
                assertNull(gate.match("/deep/admin"), in);
            }
        }
    }

    private static Route route(String path) throws Exception {
        Method m = HandshakeGateTest.class.getDeclaredMethod("handler");
        Route.InstanceProvider unused = () -> {
            throw new AssertionError("matching creates no instance");
        };
        return Route.handler(path, m, List.of(), unused, RouteSettings.NONE, RouteAccess.OPEN);
    }

    @SuppressWarnings("unused")
    private static void handler() {
    }
}

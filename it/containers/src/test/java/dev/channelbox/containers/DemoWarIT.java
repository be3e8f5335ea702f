package dev.channelbox.containers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo WAR Maven built (it/demo-war) carries our jar, Lettuce (for several nodes) and the
 * application, and nothing a container provides.
 */
class DemoWarIT {

    @Test
    void webInfLibHoldsTheChannelBoxJarAndLettuceOnly() throws IOException {
        List<String> libs = War.DEMO.entries().stream().filter(e -> e.startsWith("WEB-INF/lib/"))
                .map(e -> e.substring("WEB-INF/lib/".length())).toList();
        assertTrue(libs.contains(Containers.path("channelbox.jar").getFileName().toString()), libs.toString());
        assertTrue(libs.stream().anyMatch(l -> l.startsWith("lettuce-core-")), libs.toString());
        for (String lib : libs) {
            assertTrue(lib.startsWith("channelbox-") || List.of("lettuce-core-", "netty-", "reactor-core-", "reactive-streams-",
                    "redis-authx-core-", "slf4j-api-").stream().anyMatch(lib::startsWith), lib + " is neither ours nor Lettuce's");
        }
    }

    @Test
    void theProbeWarRunsWithoutLettuce() throws IOException {
        List<String> libs = War.PROBE.entries().stream().filter(e -> e.startsWith("WEB-INF/lib/")).toList();
        assertEquals(List.of("WEB-INF/lib/" + Containers.path("channelbox.jar").getFileName()), libs);
    }

    @Test
    void nothingThatAContainerProvidesIsInside() throws IOException {
        for (String entry : War.DEMO.entries()) {
            String e = entry.toLowerCase(Locale.ROOT);
            for (String provided : List.of("tyrus", "weld", "yasson", "grizzly", "jakarta/", "javax/", "resteasy", "jersey")) {
                assertFalse(e.contains(provided), entry + " is something the container provides");
            }
        }
    }

    @Test
    void holdsTheDemoRoutesTheRestResourceAndThePageButNotTheStandaloneLauncher() throws IOException {
        List<String> entries = War.DEMO.entries();
        for (String expected : List.of("WEB-INF/classes/dev/channelbox/demo/SeedRoutes.class",
                "WEB-INF/classes/dev/channelbox/demo/ChatRoom.class",
                "WEB-INF/classes/dev/channelbox/demo/ChatEndpoint.class",
                "WEB-INF/classes/dev/channelbox/demo/RoomResource.class",
                "index.html")) {
            assertTrue(entries.contains(expected), expected + " in " + entries);
        }
        assertFalse(entries.contains("WEB-INF/classes/dev/channelbox/demo/DemoServer.class"));
        assertFalse(entries.contains("WEB-INF/web.xml"), "a drop-in WAR needs no web.xml");
        assertFalse(entries.contains("WEB-INF/beans.xml"), "a drop-in WAR needs no beans.xml");
    }
}

package dev.channelbox;

import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestConfigSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where MicroProfile Config is present, every setting is read from it under the same name, after
 * system properties (and environment variables) and before the defaults; a bad value fails the start
 * naming the setting and the value. (The tests' class path has SmallRye Config, as a container has
 * its implementation; {@link TestConfigSource} plays the WAR's microprofile-config.properties.)
 */
class MicroProfileConfigTest {

    private static final String KEY = "channelbox.max-message-size";

    /** Echoes every text message. */
    @WebSocketRoute("/mp-config/echo")
    public static class Echo extends WebSocketConsumer<String> {
        @Override
        public void onConnect(WebSocket ws) {
            ws.accept();
        }

        @Override
        public void onReceive(WebSocket ws, String data) {
            ws.sendText(data);
        }
    }

    @AfterEach
    void clear() {
        TestConfigSource.VALUES.clear();
        System.clearProperty(KEY);
    }

    private static ChannelBoxServer start() {
        return ChannelBoxServer.builder().host("127.0.0.1").port(0).beanClasses(Echo.class).start();
    }

    @Test
    void aValueFromMicroProfileConfigChangesWhatAClientObserves() {
        TestConfigSource.VALUES.put(KEY, "100");
        try (ChannelBoxServer server = start(); TestClient c = TestClient.connect(server.port(), "/mp-config/echo")) {
            c.send("x".repeat(100));
            assertEquals(100, c.nextText().length(), "at the limit: served");
            c.send("x".repeat(101));
            assertEquals(1009, c.awaitClose().code(), "over MicroProfile Config's limit of 100 bytes");
        }
    }

    @Test
    void aSystemPropertyComesBeforeMicroProfileConfig() {
        TestConfigSource.VALUES.put(KEY, "100");
        System.setProperty(KEY, "1000");
        try (ChannelBoxServer server = start(); TestClient c = TestClient.connect(server.port(), "/mp-config/echo")) {
            c.send("x".repeat(500));
            assertEquals(500, c.nextText().length(), "the system property's limit of 1000 bytes applies");
        }
    }

    @Test
    void aBadValueFailsTheStartNamingTheSettingAndTheValue() {
        TestConfigSource.VALUES.put(KEY, "lots");
        RuntimeException e = assertThrows(RuntimeException.class, MicroProfileConfigTest::start);
        String messages = messages(e);
        assertTrue(messages.contains("MicroProfile Config property " + KEY + "=\"lots\""), messages);
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}

package dev.channelbox;

import dev.channelbox.demo.DemoServer;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DemoSmokeTest {

    static ChannelBoxServer server;

    @BeforeAll
    static void start() {
        server = DemoServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void echo() {
        try (TestClient c = TestClient.connect(server.port(), "/ws")) {
            c.send("hello");
            assertEquals("You said: hello", c.nextText());
        }
    }

    @Test
    void chatRoom() {
        try (TestClient a = TestClient.connect(server.port(), "/chat/r1?username=alice")) {
            var joined = a.nextJsonObject();
            assertEquals("alice joined the chat", joined.get("message"));
            System.out.println(joined);
        }
    }
}

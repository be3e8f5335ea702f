package dev.channelbox.cluster;

import dev.channelbox.demo.DemoServer;
import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestRedis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo started twice, in two JVMs, as the README says ({@code CHANNELBOX_REDIS_URL=... PORT=...}):
 * a chat room spans both, with one count.
 */
class TwoProcessesTest {

    private static final Pattern LISTENING = Pattern.compile("ChannelBox demo on http://[^:]+:(\\d+)/");

    private final List<Process> processes = new ArrayList<>();
    private TestRedis redis;
    private String prefix;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (redis != null) {
            redis.deleteKeys(prefix);
        }
    }

    /** Starts {@link DemoServer#main} in a new JVM on a free port; returns its port. */
    private int startDemo() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), DemoServer.class.getName()).redirectErrorStream(true);
        pb.environment().put("CHANNELBOX_REDIS_URL", redis.url());
        pb.environment().put("CHANNELBOX_REDIS_PREFIX", prefix);
        pb.environment().put("PORT", "0");
        pb.environment().put("HOST", "127.0.0.1");
        Process process = pb.start();
        processes.add(process);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            port.completeExceptionally(new AssertionError("the demo did not start: " + output));
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aChatRoomSpansTwoDemoProcessesOnOneRedis() throws Exception {
        redis = TestRedis.shared();
        prefix = TestRedis.newPrefix();
        int first = startDemo();
        int second = startDemo();
        Map<String, String> origin = Map.of("Origin", "http://localhost");
        try (TestClient ann = TestClient.connect(first, "/chat/lobby?username=ann", origin)) {
            Map<String, Object> joined = ann.nextJsonObject();
            assertEquals("ann joined the chat", joined.get("message"));
            assertEquals(new BigDecimal(1), joined.get("users"));
            try (TestClient bob = TestClient.connect(second, "/chat/lobby?username=bob", origin)) {
                Map<String, Object> bobJoined = bob.nextJsonObject();
                assertEquals("bob joined the chat", bobJoined.get("message"));
                assertEquals(new BigDecimal(2), bobJoined.get("users"), "one count across both processes");
                assertEquals(bobJoined, ann.nextJsonObject(), "ann, on the other process, sees bob join");
                ann.send("{\"type\":\"message\",\"content\":\"hello from 1\"}");
                Map<String, Object> chat = bob.nextJsonObject();
                assertEquals("ann", chat.get("user"));
                assertEquals("hello from 1", chat.get("message"));
                assertEquals(chat, ann.nextJsonObject());
            }
            Map<String, Object> left = ann.nextJsonObject();
            assertEquals("bob left the chat", left.get("message"));
            assertEquals(new BigDecimal(1), left.get("users"));
        }
    }
}

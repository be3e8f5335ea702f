package dev.channelbox.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Our browser client, channelbox.js as the server serves it, run by Node (20+, with its WebSocket) and
 * driven through {@code src/test/resources/js/client-driver.mjs}: each event the client reports is a
 * JSON line. Without Node the test is skipped, saying so in one line (under {@code CI=true} it fails).
 */
public final class NodeClient implements AutoCloseable {

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    private NodeClient(Process process) {
        this.process = process;
        this.stdin = process.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> event = (Map<String, Object>) Json.parse(line);
                    events.add(event);
                }
            } catch (IOException | RuntimeException e) {
                stderr.append("reading the client: ").append(e).append('\n');
            }
        }, "node-client-out");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "node-client-err");
        errors.setDaemon(true);
        errors.start();
    }

    /** Starts the client on {@code ws://127.0.0.1:port + pathAndQuery}. */
    public static NodeClient start(int port, String pathAndQuery) throws IOException {
        String node = node();
        Path driver;
        try {
            driver = Path.of(NodeClient.class.getResource("/js/client-driver.mjs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process p = new ProcessBuilder(node, "--experimental-websocket", driver.toString(), Integer.toString(port), pathAndQuery)
                .start();
        return new NodeClient(p);
    }

    private static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (candidate.toFile().canExecute()) {
                return candidate.toString();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no node on the PATH: the JavaScript client tests need Node 20+");
        }
        Assumptions.abort("no node on the PATH: the JavaScript client tests are skipped");
        return null;
    }

    /** The next event the client reported; fails after 10 s. */
    public Map<String, Object> next() throws InterruptedException {
        Map<String, Object> e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("the client reported nothing within 10 s" + (process.isAlive() ? "" : " (it exited)")
                    + "\nits stderr:\n" + stderr);
        }
        return e;
    }

    /** The next event of this kind, skipping others. */
    public Map<String, Object> next(String kind) throws InterruptedException {
        while (true) {
            Map<String, Object> e = next();
            if (kind.equals(e.get("ev"))) {
                return e;
            }
        }
    }

    public void command(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    @Override
    public void close() {
        try {
            command("close");
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // ends below
        }
        process.destroyForcibly();
    }
}

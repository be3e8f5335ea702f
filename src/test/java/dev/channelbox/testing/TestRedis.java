package dev.channelbox.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The Redis of a cluster test. {@link #shared()}: {@code CHANNELBOX_TEST_REDIS_URL} if set, else
 * 127.0.0.1:6379 if it answers PING, else a private server. {@link #startPrivate()}: a private
 * {@code redis-server} from the PATH on a free port, which the test may stop and restart (outages);
 * without one on the PATH, the Linux binary shipped in {@code com.github.codemonstur:embedded-redis}
 * (Redis 6.2; {@code -Dchannelbox.test.redis-server=embedded} forces it). Never skipped: without any
 * Redis the test fails and says why. Each test run uses its own key
 * prefix ({@link #newPrefix()}) and deletes only its own keys.
 */
public final class TestRedis implements AutoCloseable {

    private final String host;
    private final int port;
    private final Path dir;  // private server only
    private final List<String> extraArgs;
    private Process process; // private server only

    private TestRedis(String host, int port, Path dir, List<String> extraArgs) {
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    private TestRedis(String host, int port, Path dir) {
        this(host, port, dir, List.of());
    }

    /** The machine's Redis, or a private one. */
    public static TestRedis shared() {
        String url = System.getenv("CHANNELBOX_TEST_REDIS_URL");
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url);
            return new TestRedis(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), null);
        }
        try (Resp r = new Resp("127.0.0.1", 6379)) {
            if ("PONG".equals(r.call("PING"))) {
                return new TestRedis("127.0.0.1", 6379, null);
            }
        } catch (RuntimeException e) {
            // none there: a private one
        }
        return startPrivate();
    }

    /** A private {@code redis-server} on a free port, without persistence. */
    public static TestRedis startPrivate() {
        return startPrivate(List.of());
    }

    /** A private server started with these extra arguments (such as {@code --requirepass}). */
    public static TestRedis startPrivate(List<String> extraArgs) {
        try {
            Path dir = Files.createTempDirectory("channelbox-redis");
            TestRedis redis = new TestRedis("127.0.0.1", freePort(), dir, List.copyOf(extraArgs));
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** (Re)starts the private server on its port, empty. */
    public void start() {
        if (dir == null) {
            throw new IllegalStateException("not a private Redis");
        }
        String binary = findOnPath("redis-server");
        List<String> command = new java.util.ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Resp r = new Resp(host, port)) {
                r.call("PING"); // answered, even if only with NOAUTH
                return;
            } catch (IllegalStateException e) {
                return; // an error reply (NOAUTH): it is up
            } catch (RuntimeException e) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not answer on port " + port);
    }

    /** Stops the private server (its data is gone: it keeps none). */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static String findOnPath(String name) {
        if ("embedded".equals(System.getProperty("channelbox.test.redis-server"))) {
            return embeddedBinary();
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return embeddedBinary();
    }

    /** The redis-server binary of embedded-redis (a test dependency), copied out once per JVM. */
    private static synchronized String embeddedBinary() {
        if (embedded != null) {
            return embedded;
        }
        String resource = "/redis-server-6.2.6-v5-linux-amd64";
        try (var in = TestRedis.class.getResourceAsStream(resource)) {
            if (in == null || !System.getProperty("os.name").startsWith("Linux") || !System.getProperty("os.arch").equals("amd64")) {
                throw new IllegalStateException("no Redis for the cluster tests: set CHANNELBOX_TEST_REDIS_URL, run one on"
                        + " 127.0.0.1:6379, or install redis-server (apt-get install -y redis-server)");
            }
            Path file = Files.createTempDirectory("channelbox-redis-bin").resolve("redis-server");
            Files.copy(in, file);
            if (!file.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + file + " executable");
            }
            embedded = file.toString();
            return embedded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String embedded;

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://" + host + ":" + port;
    }

    public Resp connect() {
        return new Resp(host, port);
    }

    /** A key prefix no other test run uses. */
    public static String newPrefix() {
        return "cbtest-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Deletes this run's keys. */
    public void deleteKeys(String prefix) {
        try (Resp r = connect()) {
            r.deleteKeys(prefix + ":");
        } catch (RuntimeException e) {
            // a stopped private server holds nothing
        }
    }

    /** Stops a private server and deletes its directory. */
    @Override
    public void close() {
        stop();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: left for the system to clean
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

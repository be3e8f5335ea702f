package dev.channelbox.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The benchmark's settings: system property {@code bench.x} (passed by {@code mvn -Pbench -Dbench.x=...})
 * or environment variable {@code BENCH_X}; an empty value means the default. {@code bench.quick}
 * changes the defaults to a short run for iterating.
 */
record BenchOptions(
        boolean quick,
        List<String> servers,
        List<Integer> rooms,
        List<Integer> sizes,
        int memoryConnections,
        Duration warmup,
        Duration duration,
        int latencyRounds,
        Duration latencyMax,
        Duration latencyPause,
        int window,
        int retries,
        Duration clientPacing,
        Duration quietWait,
        boolean pin,
        String serverCpus,
        String clientCpus,
        String java,
        List<String> serverJvmArgs,
        List<String> jfr,
        String node,
        String npm,
        Path root,
        Path out,
        boolean cluster,
        String redis,
        List<String> containers) {

    /** Every server, in the order they run: the calibration first, then ours, then the baselines. */
    static final List<String> ALL_SERVERS = List.of("raw", "cb", "loop", "tyrus", "node");

    static BenchOptions read() {
        boolean quick = Boolean.parseBoolean(get("quick", "false"));
        List<Integer> rooms = ints(get("rooms", quick ? "100,1000" : "100,1000,10000"));
        Path root = Path.of(get("root", ".")).toAbsolutePath().normalize();
        int maxRoom = rooms.stream().max(Integer::compare).orElse(0);
        return new BenchOptions(
                quick,
                words(get("servers", String.join(",", ALL_SERVERS))),
                rooms,
                ints(get("sizes", "100,4096")),
                Integer.parseInt(get("memory", Integer.toString(Math.max(maxRoom, quick ? 1000 : 10_000)))),
                seconds(get("warmup", quick ? "1" : "2")),
                seconds(get("duration", quick ? "2" : "3")),
                Integer.parseInt(get("latencyRounds", quick ? "50" : "200")),
                seconds(get("latencyMax", quick ? "1" : "2")),
                Duration.ofMillis(Long.parseLong(get("latencyPauseMillis", "5"))),
                Integer.parseInt(get("window", "0")),
                Integer.parseInt(get("retries", "2")),
                Duration.ofNanos(Math.round(Double.parseDouble(get("clientPacingMillis", "1")) * 1e6)),
                seconds(get("quietWait", quick ? "5" : "20")),
                Boolean.parseBoolean(get("pin", "true")),
                get("serverCpus", "1"),
                get("clientCpus", "0"),
                get("java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                words(get("serverJvmArgs", "-Xms2g -Xmx2g -XX:+AlwaysPreTouch")),
                words(get("jfr", "")),
                get("node", "node"),
                get("npm", "npm"),
                root,
                root.resolve(get("out", "target/bench")),
                Boolean.parseBoolean(get("cluster", "false")),
                get("redis", "redis://127.0.0.1:6379"),
                containers(get("containers", "")));
    }

    /**
     * Broadcasts kept in flight for a room: enough that the server always has the next one waiting,
     * few enough that the frames queued for a 10,000-member room stay far below any outbox limit
     * (about 16,000 deliveries in flight, at least 2 broadcasts, at most 32).
     */
    int windowFor(int members) {
        return window > 0 ? window : Math.max(2, Math.min(32, 16_384 / members));
    }

    /** {@code -Dbench.containers}: "true" for the default cells, or the containers to measure. */
    private static List<String> containers(String v) {
        if (v.equalsIgnoreCase("false")) {
            return List.of();
        }
        return v.equalsIgnoreCase("true") ? List.of("wildfly", "liberty", "payara6") : words(v);
    }

    private static String get(String name, String fallback) {
        String v = System.getProperty("bench." + name);
        if (v == null || v.isBlank()) {
            v = System.getenv("BENCH_" + name.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static List<String> words(String v) {
        return Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> ints(String v) {
        return words(v).stream().map((Function<String, Integer>) Integer::valueOf).toList();
    }

    private static Duration seconds(String v) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }
}

package dev.channelbox.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tables (printed, and kept as {@code report.txt}) and the CSV files: {@code fanout.csv} (every
 * cell), {@code memory.csv}, {@code targets.csv} (each of the targets: value, threshold, met).
 */
final class Report {

    /** The targets of issues 4 and 12. */
    static final double VS_LOOP = 3.0;
    static final double VS_TYRUS = 1.2;
    static final double VS_NODE = 1.5;
    static final double P99_MILLIS = 50;
    static final double P99_VS_NODE = 1.5;
    static final double CONNECT_VS_TYRUS = 1.5;
    static final double CONNECT_10K_SECONDS = 10;
    static final int P99_ROOM = 1000;
    static final int P99_SIZE = 100;
    static final double OWN_HEAP_BYTES = 2048;
    /** Other processes using more than this share of a core during a measurement make it noisy. */
    static final double BUSY = 0.25;

    private static final List<String> COMPARED = List.of("cb", "loop", "tyrus", "node", "raw");
    /** The cost table's rows also have (d), Tyrus's own server, when it was asked for ({@code -Dbench.servers=...,stock}). */
    private static final List<String> COSTED = List.of("cb", "loop", "tyrus", "stock", "node", "raw");

    private final BenchOptions options;
    private final Results results;
    private final List<String[]> targets = new ArrayList<>();

    Report(BenchOptions options, Results results) {
        this.options = options;
        this.results = results;
    }

    void print(PrintStream out) {
        targets.clear();
        out.println("Fan-out throughput: deliveries per second (frames received by all members, per second)");
        out.println(throughputTable());
        out.println("* the calibration server (no container; one write per member for the commands that came together):");
        out.println("  what the load client can take");
        if (results.cells.stream().anyMatch(c -> c.otherCpu() > BUSY)) {
            out.println("! other processes used more than " + Math.round(BUSY * 100) + "% of a core during this measurement: noisy");
        }
        out.println();
        out.println("Latency, one broadcast at a time: ms from the broadcast call to receipt, over every delivery, p50 / p99 / max");
        out.println(table(c -> ms(c.idle().percentile(0.5)) + " / " + ms(c.idle().percentile(0.99)) + " / " + ms(c.idle().max())));
        out.println("Where the server's time goes, under the throughput load (CPU in % of one core; per delivery: server CPU in us,");
        out.println("its kernel part, context switches of all its threads, write system calls), the client's and other processes' CPU, p99 latency");
        out.println(costTable());
        out.println("Memory of idle connections: heap in use after full GCs with none, half and all of them open");
        out.println(memoryTable());
        out.println("Targets (issues 4 and 12)");
        out.println(format(targets, 3));
        if (!results.failures.isEmpty()) {
            out.println("Failed:");
            results.failures.forEach((server, why) -> out.println("  " + Results.label(server) + ": " + why));
        }
    }

    private String throughputTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"room", "size", "ChannelBox", "(a) loop", "(b) Tyrus bcast", "(c) Node ws", "raw NIO*",
                "ours/a >=" + fixed(VS_LOOP, 0), "ours/b >=" + VS_TYRUS, "ours/c >=" + VS_NODE});
        for (int room : options.rooms()) {
            for (int size : options.sizes()) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(room), size + " B"));
                for (String s : COMPARED) {
                    row.add(results.cell(s, room, size).map(c -> String.format(Locale.ROOT, "%,.0f",
                            c.throughput().deliveriesPerSecond()) + (c.otherCpu() > BUSY ? "!" : "")).orElse("-"));
                }
                row.add(ratio("fan-out vs (a)", room, size, "loop", VS_LOOP));
                row.add(ratio("fan-out vs (b)", room, size, "tyrus", VS_TYRUS));
                row.add(ratio("fan-out vs (c)", room, size, "node", VS_NODE));
                rows.add(row.toArray(String[]::new));
            }
        }
        return format(rows, 2);
    }

    private String costTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"server", "room", "size", "server CPU", "kernel", "us/delivery", "kernel us", "switches",
                "writes", "client CPU", "other", "loaded p99 ms"});
        for (String s : COSTED) {
            for (Results.Cell c : results.cells) {
                if (!c.server().equals(s)) {
                    continue;
                }
                ThroughputRun.Result t = c.throughput();
                double deliveries = t.deliveries();
                rows.add(new String[] {Results.shortLabel(s), Integer.toString(c.room()), c.size() + " B",
                        pct(t.serverCpu()) + "%", pct(t.serverSystemCpu()) + "%",
                        fixed(t.serverCpu() * t.seconds() * 1e6 / deliveries, 1),
                        fixed(t.serverSystemCpu() * t.seconds() * 1e6 / deliveries, 1),
                        fixed(t.serverContextSwitches() / deliveries, 2),
                        fixed(t.writeCallsPerDelivery(1), 3),
                        pct(t.clientCpu()) + "%", pct(c.otherCpu()) + "%", ms(t.loaded().percentile(0.99))});
            }
        }
        return format(rows, 3);
    }

    private String ratio(String target, int room, int size, String baseline, double threshold) {
        Optional<Results.Cell> ours = results.cell("cb", room, size);
        Optional<Results.Cell> theirs = results.cell(baseline, room, size);
        if (ours.isEmpty() || theirs.isEmpty()) {
            return "-";
        }
        double r = ours.get().throughput().deliveriesPerSecond() / theirs.get().throughput().deliveriesPerSecond();
        boolean met = r >= threshold;
        // three decimals where two would round a miss up to the threshold (2.996 is not 3.00)
        String value = String.format(Locale.ROOT, !met && r >= threshold - 0.005 ? "%.3f" : "%.2f", r);
        targets.add(new String[] {target, room + " x " + size + " B", value, ">= " + threshold, met ? "met" : "MISSED"});
        return value + " " + (met ? "ok" : "MISS");
    }

    private String table(Function<Results.Cell, String> value) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("room", "size"));
        COMPARED.stream().filter(s -> !s.equals("raw")).map(Results::shortLabel).forEach(header::add);
        rows.add(header.toArray(String[]::new));
        for (int room : options.rooms()) {
            for (int size : options.sizes()) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(room), size + " B"));
                for (String s : COMPARED) {
                    if (!s.equals("raw")) {
                        row.add(results.cell(s, room, size).map(value).orElse("-"));
                    }
                }
                rows.add(row.toArray(String[]::new));
            }
        }
        results.cell("cb", P99_ROOM, P99_SIZE).ifPresent(c -> {
            double p99 = c.idle().percentile(0.99) / 1e6;
            if (targets.stream().noneMatch(t -> t[0].startsWith("p99"))) {
                targets.add(new String[] {"p99 latency, idle", P99_ROOM + " x " + P99_SIZE + " B", ms(c.idle().percentile(0.99)) + " ms",
                        "<= " + (int) P99_MILLIS + " ms", p99 <= P99_MILLIS ? "met" : "MISSED"});
            }
            results.cell("node", P99_ROOM, P99_SIZE).ifPresent(n -> {
                double r = c.idle().percentile(0.99) / (double) n.idle().percentile(0.99);
                if (targets.stream().noneMatch(t -> t[0].startsWith("p99 vs"))) {
                    targets.add(new String[] {"p99 vs (c)'s p99", P99_ROOM + " x " + P99_SIZE + " B", fixed(r, 2),
                            "<= " + P99_VS_NODE, r <= P99_VS_NODE ? "met" : "MISSED"});
                }
            });
        });
        return format(rows, 2);
    }

    private String memoryTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"server", "heap: no connection", "half", "all", "per connection", "connect rate: cold",
                "warm", "server CPU per connect: cold", "warm", "after the traffic"});
        for (Results.Memory m : results.memory) {
            String extra = m.server().equals("node") && m.after().length >= 3
                    ? "  (JS heap; native: external " + kib(m.perConnection(1)) + ", rss " + kib(m.perConnection(2)) + ")"
                    : "";
            rows.add(new String[] {Results.label(m.server()), mib(m.before()[0]),
                    mib(m.middle()[0]) + " (" + String.format(Locale.ROOT, "%,d", m.connections() / 2) + ")",
                    mib(m.after()[0]) + " (" + String.format(Locale.ROOT, "%,d", m.connections()) + ")",
                    kib(m.bytesPerConnection()) + extra,
                    String.format(Locale.ROOT, "%,.0f/s", m.cold().perSecond()),
                    String.format(Locale.ROOT, "%,.0f/s", m.warm().perSecond()),
                    String.format(Locale.ROOT, "%.0f us", m.cold().serverCpuMicrosEach()),
                    String.format(Locale.ROOT, "%.0f us", m.warm().serverCpuMicrosEach()),
                    m.endConnections() == 0 ? "-" : mib(m.end()[0]) + " (" + m.endConnections() + ")"});
        }
        String text = format(rows, 1);
        Optional<Results.Memory> ours = results.memory("cb");
        Optional<Results.Memory> bare = results.memory("tyrus");
        Optional<Results.Memory> loop = results.memory("loop");
        ours.ifPresent(o -> {
            if (o.connections() >= 10_000) {
                double seconds10k = 10_000 / o.cold().perSecond();
                targets.add(new String[] {"10,000 connections accepted", "cold, at " + String.format(Locale.ROOT, "%,.0f/s", o.cold().perSecond()),
                        fixed(seconds10k, 1) + " s", "< " + (int) CONNECT_10K_SECONDS + " s", seconds10k < CONNECT_10K_SECONDS ? "met" : "MISSED"});
            } else {
                // a storm of a few hundred connections on a just-started JVM is mostly JIT compilation:
                // its rate says little about 10,000
                targets.add(new String[] {"10,000 connections accepted", String.format(Locale.ROOT, "%,d connections", o.connections()),
                        "-", "< " + (int) CONNECT_10K_SECONDS + " s", "not measured (-Dbench.memory=10000)"});
            }
            // (b) is Tyrus on our server, behind our filters; (d), where run, Tyrus's own server
            for (String baseline : List.of("tyrus", "stock")) {
                results.memory(baseline).ifPresent(b -> {
                    for (boolean warm : new boolean[] {false, true}) {
                        double r = (warm ? o.warm() : o.cold()).perSecond() / (warm ? b.warm() : b.cold()).perSecond();
                        targets.add(new String[] {"connect rate vs (" + (baseline.equals("tyrus") ? "b" : "d") + "), "
                                + (warm ? "warm" : "cold"), String.format(Locale.ROOT, "%,d connections", o.connections()),
                                fixed(r, 2), ">= " + CONNECT_VS_TYRUS, r >= CONNECT_VS_TYRUS ? "met" : "MISSED"});
                    }
                });
            }
        });
        if (ours.isPresent() && bare.isPresent()) {
            double own = ours.get().bytesPerConnection() - bare.get().bytesPerConnection();
            targets.add(new String[] {"own heap per idle connection", ours.get().connections() + " connections",
                    kib(own), "<= " + kib(OWN_HEAP_BYTES), own <= OWN_HEAP_BYTES ? "met" : "MISSED"});
            text += "ChannelBox's own heap per idle connection, beyond the bare container ((b): Tyrus session only): "
                    + kib(own) + (loop.isPresent() ? "; beyond the hand-written room ((a): Tyrus session + Set<Session>): "
                    + kib(ours.get().bytesPerConnection() - loop.get().bytesPerConnection()) : "") + "\n";
        }
        return text;
    }

    void write(Path dir) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            Machine.describe(options).forEach(p::println);
            p.println();
            print(p);
        }
        Files.write(dir.resolve("report.txt"), text.toByteArray());

        List<String> fanout = new ArrayList<>();
        fanout.add("server,label,room,size_bytes,window,deliveries_per_s,broadcasts_per_s,server_cpu_pct,server_system_cpu_pct,"
                + "server_cpu_us_per_delivery,server_context_switches_per_delivery,server_write_calls_per_delivery,client_cpu_pct,other_cpu_pct,loaded_p50_ms,loaded_p99_ms,loaded_max_ms,idle_p50_ms,idle_p99_ms,idle_max_ms,idle_broadcasts,attempt");
        for (Results.Cell c : results.cells) {
            ThroughputRun.Result t = c.throughput();
            fanout.add(String.join(",", c.server(), Results.label(c.server()), Integer.toString(c.room()),
                    Integer.toString(c.size()), Integer.toString(c.window()), fixed(t.deliveriesPerSecond(), 0),
                    fixed(t.broadcasts() / t.seconds(), 1), fixed(100 * t.serverCpu(), 1), fixed(100 * t.serverSystemCpu(), 1),
                    fixed(t.serverCpu() * t.seconds() * 1e6 / t.deliveries(), 2),
                    fixed(t.serverContextSwitches() / (double) t.deliveries(), 3), fixed(t.writeCallsPerDelivery(1), 3),
                    fixed(100 * t.clientCpu(), 1), fixed(100 * c.otherCpu(), 1),
                    ms(t.loaded().percentile(0.5)), ms(t.loaded().percentile(0.99)), ms(t.loaded().max()),
                    ms(c.idle().percentile(0.5)), ms(c.idle().percentile(0.99)), ms(c.idle().max()),
                    Integer.toString(c.idleRounds()), Integer.toString(c.attempt())));
        }
        Files.write(dir.resolve("fanout.csv"), fanout);

        List<String> memory = new ArrayList<>();
        memory.add("server,label,connections,heap_no_connection_bytes,heap_half_bytes,heap_all_bytes,bytes_per_connection,"
                + "connect_cold_seconds,connect_cold_server_cpu_seconds,connect_cold_client_cpu_seconds,"
                + "connect_warm_seconds,connect_warm_server_cpu_seconds,connect_warm_client_cpu_seconds,heap_after_traffic_bytes,connections_after_traffic");
        for (Results.Memory m : results.memory) {
            memory.add(String.join(",", m.server(), Results.label(m.server()), Integer.toString(m.connections()),
                    Long.toString(m.before()[0]), Long.toString(m.middle()[0]), Long.toString(m.after()[0]),
                    fixed(m.bytesPerConnection(), 0),
                    fixed(m.cold().seconds(), 2),
                    fixed(m.cold().serverCpuNanos() / 1e9, 2), fixed(m.cold().clientCpuNanos() / 1e9, 2),
                    fixed(m.warm().seconds(), 2), fixed(m.warm().serverCpuNanos() / 1e9, 2), fixed(m.warm().clientCpuNanos() / 1e9, 2), Long.toString(m.end()[0]), Integer.toString(m.endConnections())));
        }
        Files.write(dir.resolve("memory.csv"), memory);

        List<String> t = new ArrayList<>();
        t.add("target,cell,value,threshold,result");
        targets.forEach(r -> t.add(String.join(",", r)));
        Files.write(dir.resolve("targets.csv"), t);
    }

    private static String format(List<String[]> rows, int leftColumns) {
        int[] width = new int[rows.stream().mapToInt(r -> r.length).max().orElse(0)];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.append(' ');
            for (int i = 0; i < r.length; i++) {
                String pad = " ".repeat(width[i] - r[i].length());
                b.append(' ').append(i < leftColumns ? r[i] + pad : pad + r[i]).append(' ');
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
    }

    static String kib(double bytes) {
        return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f", 100 * share);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}

package dev.channelbox.bench;

import dev.channelbox.containers.BenchTarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fan-out benchmark's container cells ({@code mvn -q -Pbench -Dbench.containers}, issue 12 item 4):
 * in each application server, the benchmark's own ChannelBox room in the probe WAR ({@code /cb/{room}}) against a
 * hand-written {@code @ServerEndpoint} loop in the same WAR ({@code /loop/{room}}, the standard
 * blocking API a user writes without us), with the load client and protocol of the single-server
 * benchmark: throughput with broadcasts kept in flight, and the rate of a connect storm. The server is
 * pinned to the servers' core once started (all its threads), the client to its own.
 *
 * <p>Compiled only by the root build's {@code -Pbench} (it uses the container tests' {@link BenchTarget}),
 * which needs the runtimes and WARs of {@code mvn verify} (run it once, {@code -DskipTests} is enough).
 */
final class ContainerBench {

    private static final String ROOM = "bench";
    private static final List<String> SERVERS = List.of("cb", "loop");

    /** One measured cell. */
    private record Cell(String container, String server, int room, int size, double deliveriesPerSecond,
                        long p99Nanos, double serverCpu, double otherCpu) {
    }

    /** One connect storm. */
    private record Storm(String container, String server, int connections, double seconds, long serverCpuNanos,
                         long serverSystemNanos) {
        double perSecond() {
            return connections / seconds;
        }
    }

    private final BenchOptions options;
    private final List<Cell> cells = new ArrayList<>();
    private final List<Storm> storms = new ArrayList<>();
    private final Map<String, String> titles = new LinkedHashMap<>();

    private ContainerBench(BenchOptions options) {
        this.options = options;
    }

    public static void run(BenchOptions options) throws Exception {
        new ContainerBench(options).measureAll();
    }

    private void measureAll() throws Exception {
        for (String id : options.containers()) {
            System.out.println();
            System.out.println("== " + id);
            try (BenchTarget target = BenchTarget.start(id)) {
                titles.put(id, target.title());
                if (options.pin()) {
                    Machine.pin(target.pid(), options.serverCpus());
                }
                for (String server : SERVERS) {
                    try {
                        measure(target, id, server);
                    } catch (BenchException e) {
                        System.out.println("   " + server + " FAILED: " + e.getMessage());
                    }
                }
            }
        }
        String report = report();
        System.out.println();
        System.out.print(report);
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("containers.md"), report, StandardCharsets.UTF_8);
        System.out.println("table: " + options.root().relativize(options.out().resolve("containers.md")));
    }

    private void measure(BenchTarget target, String id, String server) throws Exception {
        int max = options.rooms().stream().max(Integer::compare).orElseThrow();
        String room = ROOM + "-" + server;
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", target.port());
        try (LoadClient client = new LoadClient()) {
            // a storm to warm up first: the container's handshake path is compiled by the first column's
            // storm, which would otherwise pay for it alone
            client.connect(address, target.path(server, room), max, 200, Duration.ofMinutes(5));
            awaitRoom(target, server, room, max);
            client.closeDownTo(0);
            awaitRoom(target, server, room, 0);
            boolean profiling = options.jfr().contains(id);
            if (profiling) {
                jcmd(target, "JFR.start name=channelbox-bench settings=profile");
            }
            long cpu = ProcCpu.nanos(target.pid());
            long system = ProcCpu.systemNanos(target.pid());
            long t0 = System.nanoTime();
            client.connect(address, target.path(server, room), max, 200, Duration.ofMinutes(5));
            awaitRoom(target, server, room, max);
            Storm storm = new Storm(id, server, max, (System.nanoTime() - t0) / 1e9, ProcCpu.nanos(target.pid()) - cpu,
                    ProcCpu.systemNanos(target.pid()) - system);
            if (profiling) {
                profile(target, id + "-" + server + "-connect");
            }
            storms.add(storm);
            System.out.printf("   %s: %,d connections in %.2f s (%,.0f/s), server CPU %.0f µs per connection (kernel %.0f µs)%n",
                    server, max, storm.seconds(), storm.perSecond(), storm.serverCpuNanos() / 1e3 / max,
                    storm.serverSystemNanos() / 1e3 / max);
            List<Integer> rooms = new ArrayList<>(options.rooms());
            rooms.sort(Comparator.reverseOrder());
            for (int members : rooms) {
                client.closeDownTo(members);
                awaitRoom(target, server, room, members);
                for (int size : options.sizes()) {
                    Cell cell = cell(target, client, id, server, members, size);
                    cells.add(cell);
                    System.out.printf("   %s room %,6d %,5d B: %,9.0f deliveries/s, p99 %s ms (cpu: server %3.0f%%, other %3.0f%%)%n",
                            server, members, size, cell.deliveriesPerSecond(), Report.ms(cell.p99Nanos()),
                            100 * cell.serverCpu(), 100 * cell.otherCpu());
                }
            }
            client.closeDownTo(0);
            awaitRoom(target, server, room, 0);
        }
    }

    /** The throughput run of one cell, repeated when other processes disturbed it (as the single-server benchmark). */
    private Cell cell(BenchTarget target, LoadClient client, String id, String server, int members, int size)
            throws Exception {
        Cell best = null;
        for (int attempt = 1; attempt <= 1 + options.retries(); attempt++) {
            Machine.awaitQuiet(options.quietWait());
            boolean profiling = options.jfr().contains(id) && attempt == 1;
            if (profiling) {
                jcmd(target, "JFR.start name=channelbox-bench settings=profile");
            }
            ThroughputRun run = new ThroughputRun(members, size, options.windowFor(members),
                    options.warmup().toNanos(), options.duration().toNanos(), target.pid(), options.clientPacing().toNanos());
            client.execute(run, options.warmup().plus(options.duration()).plusSeconds(60));
            ThroughputRun.Result r = run.result;
            if (profiling) {
                profile(target, id + "-" + server + "-" + members + "-" + size);
            }
            Cell cell = new Cell(id, server, members, size, r.deliveriesPerSecond(), r.loaded().percentile(0.99),
                    r.serverCpu(), r.otherCpu());
            if (best == null || cell.otherCpu() < best.otherCpu()) {
                best = cell;
            }
            if (cell.otherCpu() <= Report.BUSY) {
                break;
            }
            System.out.printf("   (other processes used %.0f%% of a core: again)%n", 100 * cell.otherCpu());
        }
        return best;
    }

    /**
     * Stops the recording {@link #jcmd} started in the container's JVM ({@code -Dbench.jfr=<container>})
     * and writes it, with its hot methods, to {@code target/bench/jfr/<name>.jfr}.
     */
    private void profile(BenchTarget target, String name) throws IOException, InterruptedException {
        Path jfr = options.out().resolve("jfr").resolve(name + ".jfr");
        Files.createDirectories(jfr.getParent());
        jcmd(target, "JFR.stop name=channelbox-bench filename=" + jfr);
        JfrHotMethods.summarise(jfr, jfr.resolveSibling(name + "-hot-methods.txt"), null);
    }

    private static void jcmd(BenchTarget target, String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(target.pid())));
        cmd.addAll(List.of(command.split(" ")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
    }

    private static void awaitRoom(BenchTarget target, String server, String room, int members)
            throws IOException, InterruptedException, BenchException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int now;
        while ((now = target.roomSize(server, room)) != members) {
            if (System.nanoTime() > deadline) {
                throw new BenchException("the room holds " + now + " members, not " + members);
            }
            Thread.sleep(50);
        }
    }

    /** The table: per container and cell, ours, the loop and their ratio; then the connect storms. */
    private String report() {
        StringBuilder b = new StringBuilder();
        b.append("Fan-out in the containers (deliveries/s; ratio: ChannelBox / hand-written @ServerEndpoint loop in the same WAR)\n\n");
        b.append("| container | room × size | ChannelBox | loop | ours/loop | p99 ours | p99 loop |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (String id : titles.keySet()) {
            for (int room : options.rooms()) {
                for (int size : options.sizes()) {
                    Cell cb = find(id, "cb", room, size);
                    Cell loop = find(id, "loop", room, size);
                    b.append(String.format(Locale.ROOT, "| %s | %,d × %s | %s | %s | %s | %s | %s |%n", titles.get(id), room,
                            size >= 1024 ? size / 1024 + " KB" : size + " B",
                            cb == null ? "-" : String.format(Locale.ROOT, "%,.0f", cb.deliveriesPerSecond()),
                            loop == null ? "-" : String.format(Locale.ROOT, "%,.0f", loop.deliveriesPerSecond()),
                            cb == null || loop == null ? "-" : String.format(Locale.ROOT, "%.2f",
                                    cb.deliveriesPerSecond() / loop.deliveriesPerSecond()),
                            cb == null ? "-" : Report.ms(cb.p99Nanos()) + " ms",
                            loop == null ? "-" : Report.ms(loop.p99Nanos()) + " ms"));
                }
            }
        }
        b.append("\nConnect storm (the largest room, 200 handshakes at a time, until the server's room holds them all)\n\n");
        b.append("| container | ChannelBox | loop | ours/loop | server CPU per connection, ours / loop |\n");
        b.append("|---|---|---|---|---|\n");
        for (String id : titles.keySet()) {
            Storm cb = storms.stream().filter(s -> s.container().equals(id) && s.server().equals("cb")).findFirst().orElse(null);
            Storm loop = storms.stream().filter(s -> s.container().equals(id) && s.server().equals("loop")).findFirst().orElse(null);
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", titles.get(id),
                    cb == null ? "-" : String.format(Locale.ROOT, "%,.0f/s", cb.perSecond()),
                    loop == null ? "-" : String.format(Locale.ROOT, "%,.0f/s", loop.perSecond()),
                    cb == null || loop == null ? "-" : String.format(Locale.ROOT, "%.2f", cb.perSecond() / loop.perSecond()),
                    cb == null || loop == null ? "-" : String.format(Locale.ROOT, "%.0f µs / %.0f µs",
                            cb.serverCpuNanos() / 1e3 / cb.connections(), loop.serverCpuNanos() / 1e3 / loop.connections())));
        }
        return b.toString();
    }

    private Cell find(String id, String server, int room, int size) {
        return cells.stream().filter(c -> c.container().equals(id) && c.server().equals(server)
                && c.room() == room && c.size() == size).findFirst().orElse(null);
    }
}

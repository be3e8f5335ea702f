package dev.channelbox.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fan-out benchmark (issue 4): {@code mvn -q -Pbench} from the repository root. For each
 * server (ours, the baselines, the calibration server) it starts the server in its own process,
 * pinned to one core, connects the room with the load client (this process, pinned to the other
 * core), measures the heap of idle connections, then for each room size (largest first, closing
 * members between sizes) and message size: throughput with broadcasts kept in flight, then latency
 * one broadcast at a time. Prints the tables and writes them as CSV under {@code target/bench/}.
 */
public final class Bench {

    static final String ROOM = "bench";

    private final BenchOptions options;
    private final Results results = new Results();

    private Bench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.read();
        Files.createDirectories(options.out());
        new Bench(options).run();
    }

    private void run() throws Exception {
        Machine.describe(options).forEach(System.out::println);
        if (options.pin()) {
            Machine.pin(ProcessHandle.current().pid(), options.clientCpus());
        }
        int limit = Machine.openFileLimit();
        int connections = Math.max(options.memoryConnections(), options.rooms().stream().max(Integer::compare).orElse(0));
        if (limit > 0 && limit < connections + 200) {
            System.out.println("! open file limit " + limit + " is below " + (connections + 200)
                    + ": raise it (ulimit -n) or lower -Dbench.rooms / -Dbench.memory");
        }
        Path jfr = options.out().resolve("jfr");
        if (Files.isDirectory(jfr)) {
            try (var old = Files.list(jfr)) { // recordings of an earlier run would be summarised as this one's
                for (Path p : (Iterable<Path>) old::iterator) {
                    Files.delete(p);
                }
            }
        }
        if (options.cluster()) {
            new ClusterBench(options).run();
            return;
        }
        if (!options.containers().isEmpty()) {
            // compiled only by the root build's -Pbench (it needs the container tests' classes), hence by name
            Class.forName("dev.channelbox.bench.ContainerBench").getMethod("run", BenchOptions.class)
                    .invoke(null, options);
            return;
        }
        double other = Machine.otherLoad(Duration.ofSeconds(2));
        if (other > Report.BUSY) {
            System.out.printf("! the machine is busy: other processes use %.0f%% of a core; the results will be noisy%n", 100 * other);
        }
        for (String server : options.servers()) {
            if (server.equals("node") && !Machine.installNodePeer(options)) {
                results.failed(server, "node or npm unavailable");
                continue;
            }
            System.out.println();
            System.out.println("== " + Results.label(server));
            try {
                measure(server, connections);
            } catch (BenchException e) {
                System.out.println("   FAILED: " + e.getMessage());
                results.failed(server, e.getMessage());
            }
        }
        System.out.println();
        Report report = new Report(options, results);
        report.print(System.out);
        report.write(options.out());
        profiles();
        System.out.println("CSV and tables: " + options.root().relativize(options.out()) + "/");
    }

    /**
     * Hot methods of each JFR recording (one per profiled server and cell, throughput run only) into
     * a text file beside it; printed for the cell of the latency target (1,000 members, 100 B).
     */
    private void profiles() throws IOException {
        Path dir = options.out().resolve("jfr");
        for (String server : options.jfr()) {
            for (int room : options.rooms()) {
                for (int size : options.sizes()) {
                    Path jfr = dir.resolve(server + "-" + room + "-" + size + ".jfr");
                    if (Files.exists(jfr)) {
                        boolean print = room == Report.P99_ROOM && size == Report.P99_SIZE;
                        JfrHotMethods.summarise(jfr, dir.resolve(server + "-" + room + "-" + size + "-hot-methods.txt"),
                                print ? System.out : null);
                    }
                }
            }
        }
    }

    private void measure(String server, int connections) throws Exception {
        Path logs = options.out().resolve("logs");
        try (ServerProcess process = ServerProcess.start(command(server), logs.resolve(server + ".log"),
                server.equals("node") ? Machine.nodePeer(options) : options.root());
             LoadClient client = new LoadClient()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", process.port);
            String path = switch (server) {
                case "node", "raw" -> "/" + ROOM;
                case "stock" -> "/tyrus/" + ROOM; // reference (b)'s endpoint on Tyrus's own server
                default -> "/" + server + "/" + ROOM;
            };

            // Heap per idle connection: the difference between half and all of the connections, so
            // whatever else is live in the heap (start-up leftovers, pools) cancels out. The connecting
            // is timed too: a storm on a cold server (just started: what a restart meets).
            long[] before = process.heap();
            int half = connections / 2;
            Results.Connecting first = storm(process, client, address, path, half, half);
            long[] middle = process.heap();
            Results.Connecting cold = first.plus(storm(process, client, address, path, connections - half, connections));
            long[] after = process.heap();
            // The same storm again once all of them are gone (a warm server: what a fail-over from
            // another node meets); -Dbench.jfr=cb profiles this one.
            client.closeDownTo(0);
            process.awaitRoom(ROOM, 0, Duration.ofSeconds(60));
            Path connectJfr = options.out().resolve("jfr").resolve(server + "-connect.jfr");
            boolean profiling = options.jfr().contains(server) && !server.equals("node");
            if (profiling) {
                Files.createDirectories(connectJfr.getParent());
                process.ask("JFR START", Duration.ofSeconds(30));
            }
            Results.Connecting warm = storm(process, client, address, path, connections, connections);
            if (profiling) {
                process.ask("JFR STOP " + connectJfr, Duration.ofSeconds(60));
                JfrHotMethods.summarise(connectJfr, connectJfr.resolveSibling(server + "-connect-hot-methods.txt"), null);
            }
            results.memory(new Results.Memory(server, connections, before, middle, after, cold, warm, new long[] {0}, 0));
            System.out.printf("   %,d connections: heap %s, %s, %s after GC with 0, %,d, %,d connections%n",
                    connections, Report.mib(before[0]), Report.mib(middle[0]), Report.mib(after[0]), half, connections);
            System.out.printf("   connecting them, cold: %s; warm: %s%n", cold.describe(), warm.describe());

            List<Integer> rooms = new ArrayList<>(options.rooms());
            rooms.sort(Comparator.reverseOrder());
            for (int members : rooms) {
                client.closeDownTo(members);
                process.awaitRoom(ROOM, members, Duration.ofSeconds(60));
                for (int size : options.sizes()) {
                    cell(process, client, server, members, size);
                }
            }
            long[] end = process.heap();
            results.memory(new Results.Memory(server, connections, before, middle, after, cold, warm, end, client.size()));
            System.out.printf("   after the traffic, %,d connections: heap %s after GC%n", client.size(), Report.mib(end[0]));
        }
    }

    /** Opens {@code count} connections, 200 handshakes at a time, until the server's room holds {@code total}. */
    private Results.Connecting storm(ServerProcess process, LoadClient client, InetSocketAddress address, String path,
            int count, int total) throws Exception {
        long pid = process.pid();
        long serverCpu = process.cpuNanos();
        long kernel = ProcCpu.systemNanos(pid);
        long switches = ProcCpu.contextSwitches(pid);
        long reads = ProcCpu.readCalls(pid);
        long writes = ProcCpu.writeCalls(pid);
        long clientCpu = ProcCpu.self();
        long t0 = System.nanoTime();
        client.connect(address, path, count, 200, Duration.ofMinutes(5));
        process.awaitRoom(ROOM, total, Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Results.Connecting(count, seconds, process.cpuNanos() - serverCpu, ProcCpu.systemNanos(pid) - kernel,
                ProcCpu.contextSwitches(pid) - switches, ProcCpu.readCalls(pid) - reads, ProcCpu.writeCalls(pid) - writes,
                ProcCpu.self() - clientCpu);
    }

    /**
     * One cell: throughput, then latency. On this shared machine other processes come and go: each
     * attempt first waits (a bounded time) for the machine to be quiet, and an attempt during which
     * other processes used more than {@link Report#BUSY} of a core is repeated, keeping the least
     * disturbed one ({@code -Dbench.retries}, {@code -Dbench.quietWait}).
     */
    private void cell(ServerProcess process, LoadClient client, String server, int members, int size)
            throws BenchException, InterruptedException, IOException {
        Results.Cell best = null;
        for (int attempt = 1; attempt <= 1 + options.retries(); attempt++) {
            Machine.awaitQuiet(options.quietWait());
            Results.Cell cell = attempt(process, client, server, members, size, attempt);
            if (best == null || cell.otherCpu() < best.otherCpu()) {
                best = cell;
            }
            if (cell.otherCpu() <= Report.BUSY) {
                break;
            }
            System.out.printf("   (other processes used %.0f%% of a core: again)%n", 100 * cell.otherCpu());
        }
        results.cell(best);
        ThroughputRun.Result t = best.throughput();
        System.out.printf("   room %,6d  %,5d B: %,9.0f deliveries/s (cpu: server %3.0f%% [kernel %2.0f%%], %.2f writes/delivery, client %3.0f%%,"
                        + " other %3.0f%%)  latency p50 %s p99 %s max %s ms%n",
                members, size, t.deliveriesPerSecond(), 100 * t.serverCpu(), 100 * t.serverSystemCpu(),
                t.writeCallsPerDelivery(1), 100 * t.clientCpu(),
                100 * best.otherCpu(),
                Report.ms(best.idle().percentile(0.50)), Report.ms(best.idle().percentile(0.99)), Report.ms(best.idle().max()));
    }

    private Results.Cell attempt(ServerProcess process, LoadClient client, String server, int members, int size, int attempt)
            throws BenchException, InterruptedException, IOException {
        int window = options.windowFor(members);
        ThroughputRun throughput = new ThroughputRun(members, size, window, options.warmup().toNanos(),
                options.duration().toNanos(), process.pid(), options.clientPacing().toNanos());
        Path jfr = options.out().resolve("jfr").resolve(server + "-" + members + "-" + size + ".jfr");
        boolean profiling = options.jfr().contains(server) && !server.equals("node");
        if (profiling) {
            Files.createDirectories(jfr.getParent());
            process.ask("JFR START", Duration.ofSeconds(30));
        }
        client.execute(throughput, options.warmup().plus(options.duration()).plusSeconds(60));
        if (profiling) {
            process.ask("JFR STOP " + jfr, Duration.ofSeconds(60));
        }
        Thread.sleep(200); // let the last frames settle before the idle latency run
        long machine = ProcCpu.machine();
        long own = process.cpuNanos() + ProcCpu.self();
        long t0 = System.nanoTime();
        LatencyRun latency = new LatencyRun(members, size, options.latencyRounds(), options.latencyMax().toNanos(),
                options.latencyPause().toNanos());
        client.execute(latency, options.latencyMax().plusSeconds(60));
        double idleOther = Math.max(0, ((ProcCpu.machine() - machine) - (process.cpuNanos() + ProcCpu.self() - own))
                / (double) (System.nanoTime() - t0));
        return new Results.Cell(server, members, size, window, throughput.result, latency.latencies, latency.roundsDone,
                Math.max(throughput.result.otherCpu(), idleOther), attempt);
    }

    /** The command line of a server process, pinned to the server's core. */
    private List<String> command(String server) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (options.pin()) {
            cmd.addAll(List.of("taskset", "-c", options.serverCpus()));
        }
        if (server.equals("node")) {
            cmd.addAll(List.of(options.node(), "--expose-gc", "server.js")); // run in it/bench/node, where npm put ws
            return cmd;
        }
        cmd.add(options.java());
        cmd.addAll(options.serverJvmArgs());
        Path logging = options.root().resolve("it/bench/logging.properties");
        cmd.add("-Djava.util.logging.config.file=" + logging);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.channelbox.bench.server.BenchServer", server));
        return cmd;
    }
}

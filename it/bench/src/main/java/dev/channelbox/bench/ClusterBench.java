package dev.channelbox.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster benchmark ({@code mvn -q -Pbench -Dbench.cluster}, issue 10): the room's members split
 * over two server processes that share their rooms on one Redis, against the same room on one node,
 * and against the peer: Socket.IO with {@code @socket.io/redis-adapter} on two Node processes on the
 * same Redis. The publisher is a member on the first node; every delivery to every member on both
 * nodes counts. Columns:
 *
 * <ul>
 *   <li>{@code cb}: one ChannelBox node, in memory (the single-node baseline);</li>
 *   <li>{@code cb2}: two ChannelBox nodes on Redis ({@code CHANNELBOX_REDIS_URL});</li>
 *   <li>{@code sio2}: two Socket.IO nodes on Redis ({@code it/bench/node-sio}).</li>
 * </ul>
 *
 * <p>Also, for {@code cb2}: the Redis commands per group send, from {@code INFO commandstats}
 * ({@code EVALSHA} calls during the latency run over its broadcasts: the heartbeats of the two nodes,
 * one script each per 3 s, add a little).
 */
final class ClusterBench {

    private static final String ROOM = Bench.ROOM;
    private static final List<String> COLUMNS = List.of("cb", "cb2", "sio2");

    private record Cell(String column, int members, int size, double deliveriesPerSecond, long loadedP99,
                        long idleP50, long idleP99, double commandsPerSend) {
    }

    private final BenchOptions options;
    private final Map<String, Cell> cells = new LinkedHashMap<>();

    ClusterBench(BenchOptions options) {
        this.options = options;
    }

    void run() throws Exception {
        URI redis = URI.create(options.redis());
        try (RedisInfo info = new RedisInfo(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort())) {
            info.commandCalls("evalsha"); // Redis answers: fail early otherwise
        } catch (IOException e) {
            throw new BenchException("no Redis at " + options.redis() + " (-Dbench.redis): " + e.getMessage());
        }
        List<String> columns = options.servers().equals(BenchOptions.ALL_SERVERS) ? COLUMNS // the default: all
                : options.servers().stream().filter(COLUMNS::contains).toList(); // -Dbench.servers=cb2,sio2 picks some
        for (String column : columns) {
            if (column.equals("sio2") && !Machine.installSocketIoPeer(options)) {
                System.out.println("! Socket.IO peer unavailable (node or npm missing)");
                continue;
            }
            System.out.println();
            System.out.println("== " + label(column));
            try {
                measure(column);
            } catch (BenchException e) {
                System.out.println("   FAILED: " + e.getMessage());
            }
        }
        String table = table();
        System.out.println();
        System.out.println(table);
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("cluster.md"), table);
        System.out.println("Table: " + options.root().relativize(options.out().resolve("cluster.md")));
    }

    private static String label(String column) {
        return switch (column) {
            case "cb" -> "ChannelBox, one node (in memory)";
            case "cb2" -> "ChannelBox, two nodes on Redis";
            default -> "Socket.IO + @socket.io/redis-adapter, two Node processes on Redis";
        };
    }

    private void measure(String column) throws Exception {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        int nodes = column.equals("cb") ? 1 : 2;
        List<ServerProcess> servers = new ArrayList<>();
        Path logs = options.out().resolve("logs");
        try (LoadClient client = new LoadClient()) {
            for (int n = 0; n < nodes; n++) {
                servers.add(start(column, prefix, logs.resolve(column + "-" + n + ".log")));
            }
            for (int members : options.rooms()) {
                client.closeDownTo(0);
                for (ServerProcess s : servers) {
                    s.awaitRoom(ROOM, 0, Duration.ofSeconds(60));
                }
                int connected = 0;
                for (int n = 0; n < nodes; n++) { // the first member (the publisher) on the first node
                    int share = members / nodes + (n < members % nodes ? 1 : 0);
                    client.connect(new InetSocketAddress("127.0.0.1", servers.get(n).port), path(column), share, 200,
                            Duration.ofMinutes(2));
                    connected += share;
                    // Socket.IO counts the members of its own process; ours count the whole room
                    servers.get(n).awaitRoom(ROOM, column.equals("sio2") ? share : connected, Duration.ofSeconds(60));
                }
                // full collections now, as the single-node benchmark's memory phase does: the members'
                // state is tenured before any measurement, not by a first young collection (Serial on
                // one pinned core: a pause of hundreds of ms) inside the measured interval
                for (ServerProcess s : servers) {
                    s.heap();
                }
                for (int size : options.sizes()) {
                    cell(column, servers.get(0), client, members, size);
                }
            }
        } finally {
            for (ServerProcess s : servers) {
                s.close();
            }
            try (RedisInfo info = redisInfo()) {
                info.deleteKeys(prefix);
            }
        }
    }

    private RedisInfo redisInfo() throws IOException {
        URI redis = URI.create(options.redis());
        return new RedisInfo(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
    }

    private static String path(String column) {
        return column.equals("sio2") ? "/socket.io/?EIO=4&transport=websocket&room=" + ROOM : "/cb/" + ROOM;
    }

    private ServerProcess start(String column, String prefix, Path log) throws IOException, BenchException {
        List<String> cmd = new ArrayList<>();
        if (options.pin()) {
            cmd.addAll(List.of("taskset", "-c", options.serverCpus()));
        }
        if (column.equals("sio2")) {
            cmd.addAll(List.of(options.node(), "--expose-gc", "server.js"));
            return ServerProcess.start(cmd, log, Machine.socketIoPeer(options),
                    Map.of("REDIS_URL", options.redis(), "REDIS_KEY", prefix));
        }
        cmd.add(options.java());
        cmd.addAll(options.serverJvmArgs());
        cmd.add("-Djava.util.logging.config.file=" + options.root().resolve("it/bench/logging.properties"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.channelbox.bench.server.BenchServer", "cb"));
        Map<String, String> env = column.equals("cb2")
                ? Map.of("CHANNELBOX_REDIS_URL", options.redis(), "CHANNELBOX_REDIS_PREFIX", prefix) : Map.of();
        return ServerProcess.start(cmd, log, options.root(), env);
    }

    private static final long IDLE_SCRIPTS_MILLIS = 6_000;

    /** Scripts Redis has run so far ({@code EVALSHA} and {@code EVAL} in {@code INFO commandstats}). */
    private long scripts() throws IOException {
        try (RedisInfo info = redisInfo()) {
            return info.commandCalls("evalsha") + info.commandCalls("eval");
        }
    }

    private void cell(String column, ServerProcess first, LoadClient client, int members, int size) throws Exception {
        Machine.awaitQuiet(options.quietWait());
        ThroughputRun throughput = new ThroughputRun(members, size, options.windowFor(members), warmup().toNanos(),
                options.duration().toNanos(), first.pid(), options.clientPacing().toNanos());
        boolean profiling = options.jfr().contains(column) && !column.equals("sio2");
        Path jfr = options.out().resolve("jfr").resolve(column + "-" + members + "-" + size + ".jfr");
        if (profiling) { // -Dbench.jfr=cb2: the first node, during the throughput run
            Files.createDirectories(jfr.getParent());
            first.ask("JFR START", Duration.ofSeconds(30));
        }
        long scriptsBefore = column.equals("cb2") ? scripts() : 0;
        long sendsBefore = client.nextSeq;
        long started = System.nanoTime();
        client.execute(throughput, warmup().plus(options.duration()).plusSeconds(60));
        if (profiling) {
            first.ask("JFR STOP " + jfr, Duration.ofSeconds(60));
            JfrHotMethods.summarise(jfr, jfr.resolveSibling(column + "-" + members + "-" + size + "-hot-methods.txt"), System.out);
        }
        Thread.sleep(200);
        LatencyRun latency = new LatencyRun(members, size, options.latencyRounds(), options.latencyMax().toNanos(),
                options.latencyPause().toNanos());
        client.execute(latency, options.latencyMax().plusSeconds(60));
        double perSend = Double.NaN;
        if (column.equals("cb2")) {
            // every group send of both runs (thousands; tens at 10,000 members), against the scripts
            // Redis ran meanwhile minus what the nodes run by themselves (a heartbeat every 3 s
            // each), counted over 6 s with no sends and scaled to the runs' length
            long during = scripts() - scriptsBefore;
            long sends = client.nextSeq - sendsBefore;
            double seconds = (System.nanoTime() - started) / 1e9;
            long idleBefore = scripts();
            Thread.sleep(IDLE_SCRIPTS_MILLIS);
            double background = (scripts() - idleBefore) * seconds * 1000 / IDLE_SCRIPTS_MILLIS;
            perSend = Math.max(0, during - background) / Math.max(1, sends);
        }
        ThroughputRun.Result t = throughput.result;
        Cell cell = new Cell(column, members, size, t.deliveriesPerSecond(), t.loaded().percentile(0.99),
                latency.latencies.percentile(0.50), latency.latencies.percentile(0.99), perSend);
        cells.put(key(column, members, size), cell);
        // the first node's members get half the deliveries when there are two nodes
        double writes = t.writeCallsPerDelivery(column.equals("cb") ? 1 : 0.5);
        System.out.printf("   room %,6d  %,5d B: %,9.0f deliveries/s (cpu: first node %3.0f%% [%.2f writes/delivery], client %3.0f%%, the rest"
                        + " [second node, Redis] %3.0f%%), loaded p99 %s ms; idle p50 %s p99 %s ms%s%n",
                members, size, cell.deliveriesPerSecond(), 100 * t.serverCpu(), writes, 100 * t.clientCpu(), 100 * t.otherCpu(),
                Report.ms(cell.loadedP99()), Report.ms(cell.idleP50()),
                Report.ms(cell.idleP99()), Double.isNaN(perSend) ? "" : String.format("; Redis commands per send %.2f", perSend));
    }

    /**
     * The warm-up of a throughput run here: at least 8 s. A cluster node runs more code per message
     * (the Redis client, Netty) than a single node, and with the short warm-up of the other tables
     * its JIT is still compiling during the measurement (measured: 23,000 against 67,000 deliveries/s
     * for 100 members after 1 s and after 8 s). {@code -Dbench.warmup} above 8 s counts.
     */
    private Duration warmup() {
        Duration least = Duration.ofSeconds(8);
        return options.warmup().compareTo(least) > 0 ? options.warmup() : least;
    }

    private static String key(String column, int members, int size) {
        return column + "/" + members + "/" + size;
    }

    private String table() {
        StringBuilder b = new StringBuilder();
        b.append("| room × size | 1 node | 2 nodes | Socket.IO 2 nodes | 2 nodes / Socket.IO (target ≥ 1.5) "
                + "| idle p99 1 node | idle p99 2 nodes | 2 nodes / 1 node p99 (target ≤ 2) | Redis commands per send (target 1) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int members : options.rooms()) {
            for (int size : options.sizes()) {
                Cell one = cells.get(key("cb", members, size));
                Cell two = cells.get(key("cb2", members, size));
                Cell sio = cells.get(key("sio2", members, size));
                b.append("| ").append(String.format("%,d × %s", members, size < 1024 ? size + " B" : size / 1024 + " KB"))
                        .append(" | ").append(rate(one)).append(" | ").append(rate(two)).append(" | ").append(rate(sio))
                        .append(" | ").append(two != null && sio != null ? String.format("%.2f", two.deliveriesPerSecond() / sio.deliveriesPerSecond()) : "-")
                        .append(" | ").append(one == null ? "-" : Report.ms(one.idleP99()) + " ms")
                        .append(" | ").append(two == null ? "-" : Report.ms(two.idleP99()) + " ms")
                        .append(" | ").append(one != null && two != null ? String.format("%.2f", two.idleP99() / (double) one.idleP99()) : "-")
                        .append(" | ").append(two == null ? "-" : String.format("%.2f", two.commandsPerSend()))
                        .append(" |\n");
            }
        }
        return b.toString();
    }

    private static String rate(Cell c) {
        return c == null ? "-" : String.format("%,.0f", c.deliveriesPerSecond());
    }

    /** INFO commandstats and key deletion over a plain socket (RESP by hand: no client library here). */
    static final class RedisInfo implements AutoCloseable {
        private static final Pattern CALLS = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)");
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RedisInfo(String host, int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        long commandCalls(String command) throws IOException {
            Matcher m = CALLS.matcher(String.valueOf(call("INFO", "commandstats")));
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase(command)) {
                    return Long.parseLong(m.group(2));
                }
            }
            return 0;
        }

        void deleteKeys(String prefix) throws IOException {
            String cursor = "0";
            do {
                List<?> r = (List<?>) call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
                cursor = (String) r.get(0);
                for (Object k : (List<?>) r.get(1)) {
                    call("DEL", (String) k);
                }
            } while (!cursor.equals("0"));
        }

        private Object call(String... args) throws IOException {
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        private Object read() throws IOException {
            int type = in.read();
            String line = line();
            switch (type) {
                case '+', ':' -> {
                    return line;
                }
                case '-' -> throw new IOException("Redis: " + line);
                case '$' -> {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return null;
                    }
                    byte[] data = in.readNBytes(n + 2);
                    return new String(data, 0, n, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    int n = Integer.parseInt(line);
                    List<Object> list = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        list.add(read());
                    }
                    return list;
                }
                default -> throw new IOException("unexpected RESP type " + type);
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                s.append((char) c);
            }
            in.read();
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

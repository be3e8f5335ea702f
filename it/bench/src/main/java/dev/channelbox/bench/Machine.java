package dev.channelbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine the benchmark runs on: what it is, pinning, limits, and the Node peer's install. */
final class Machine {

    private Machine() {
    }

    /** Lines describing the run, printed first and kept with the report. */
    static List<String> describe(BenchOptions o) {
        List<String> lines = new ArrayList<>();
        lines.add("ChannelBox fan-out benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        lines.add("machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + memory() + ", open files " + openFileLimit());
        lines.add("servers: " + firstLine(o.java(), "-version") + " " + String.join(" ", o.serverJvmArgs())
                + "; node " + firstLine(o.node(), "--version") + " with ws " + wsVersion(o));
        lines.add("client: this JVM (" + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + "), one NIO thread, polling at most every " + o.clientPacing().toNanos() / 1e6 + " ms under load");
        lines.add(o.pin()
                ? "pinning: each server on cpu " + o.serverCpus() + ", the load client on cpu " + o.clientCpus()
                : "pinning: none (-Dbench.pin=false)");
        lines.add("rooms " + o.rooms() + ", sizes " + o.sizes() + " B, warm-up " + o.warmup().toMillis() / 1000.0
                + " s, measured " + o.duration().toMillis() / 1000.0 + " s, latency " + o.latencyRounds()
                + " broadcasts (at most " + o.latencyMax().toMillis() / 1000.0 + " s), memory at "
                + o.memoryConnections() + " connections" + (o.quick() ? " (quick)" : ""));
        return lines;
    }

    /** Restricts every thread of {@code pid} to {@code cpus}; threads started later inherit it. */
    static void pin(long pid, String cpus) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("taskset failed (run with -Dbench.pin=false to skip pinning): " + out);
        }
    }

    /** The soft limit on open files of this process (children inherit it), or -1. */
    static int openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** The CPU the other processes of the machine use, in cores, over {@code interval}. */
    static double otherLoad(Duration interval) throws InterruptedException {
        long machine = ProcCpu.machine();
        long self = ProcCpu.self();
        long t = System.nanoTime();
        Thread.sleep(interval.toMillis());
        return Math.max(0, ((ProcCpu.machine() - machine) - (ProcCpu.self() - self)) / (double) (System.nanoTime() - t));
    }

    /** Waits until other processes use at most {@link Report#BUSY} of a core for a second, or {@code max} passed. */
    static void awaitQuiet(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (otherLoad(Duration.ofMillis(1000)) > Report.BUSY && System.nanoTime() < deadline) {
            // keep waiting
        }
    }

    static Path nodePeer(BenchOptions o) {
        return o.root().resolve("it/bench/node");
    }

    /**
     * Installs the peer's dependencies ({@code ws}) from its package-lock.json with {@code npm ci},
     * unless node_modules already matches the lock file.
     */
    static boolean installNodePeer(BenchOptions o) throws IOException, InterruptedException {
        return npmCi(o, nodePeer(o), "ws");
    }

    /** The two-node peer: Socket.IO with its Redis adapter ({@code it/bench/node-sio}). */
    static Path socketIoPeer(BenchOptions o) {
        return o.root().resolve("it/bench/node-sio");
    }

    static boolean installSocketIoPeer(BenchOptions o) throws IOException, InterruptedException {
        return npmCi(o, socketIoPeer(o), "socket.io");
    }

    /** {@code npm ci} in {@code dir}, unless node_modules already matches its package-lock.json. */
    private static boolean npmCi(BenchOptions o, Path dir, String main) throws IOException, InterruptedException {
        Path lock = dir.resolve("package-lock.json");
        Path installed = dir.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed) && Files.exists(dir.resolve("node_modules/" + main + "/package.json"))
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return true;
        }
        System.out.println("npm ci in " + o.root().relativize(dir) + " (installs " + main + " from package-lock.json)");
        Process p;
        try {
            p = new ProcessBuilder(o.npm(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(dir.toFile()).inheritIO().start();
        } catch (IOException e) {
            System.out.println("! npm not found: " + e.getMessage());
            return false;
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            System.out.println("! npm ci failed");
            return false;
        }
        Files.setLastModifiedTime(installed, FileTime.fromMillis(System.currentTimeMillis()));
        return true;
    }

    private static String wsVersion(BenchOptions o) {
        try {
            Matcher m = Pattern.compile("\"node_modules/ws\":\\s*\\{\\s*\"version\":\\s*\"([^\"]+)\"")
                    .matcher(Files.readString(nodePeer(o).resolve("package-lock.json")));
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memory() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D+", "");
            return Math.round(Long.parseLong(total) / 1024.0 / 1024.0) + " GiB";
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("?").replace("\"", "");
        } catch (IOException | InterruptedException e) {
            return "(not found)";
        }
    }
}

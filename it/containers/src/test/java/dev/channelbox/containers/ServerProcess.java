package dev.channelbox.containers;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server started as a separate process, its output in a log file; stopped with its whole process
 * tree (the start scripts of WildFly and Open Liberty run the JVM as a child), forcibly if it does not
 * end in time, and from a shutdown hook if the test JVM itself goes away first.
 */
final class ServerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(this::kill, "kill " + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code command} in {@code dir}, standard output and error appended to {@code log}. */
    static ServerProcess start(String name, List<String> command, Path dir, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        return new ServerProcess(name, pb.start(), log);
    }

    /** Waits until {@code ready} holds; fails if the process ends first or the time runs out. */
    void await(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " while waiting for " + what
                        + "; see " + log);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(name + ": no " + what + " within " + timeout.toSeconds() + " s; see " + log);
            }
            sleep(200);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** The process started (a start script, whose JVM is then a descendant, or the JVM itself). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Asks the process tree to stop (SIGTERM), then kills what is left after {@code grace}. */
    void stop(Duration grace) {
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                // killed below
            }
        }
        kill();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void kill() {
        for (ProcessHandle p : tree()) {
            p.destroyForcibly();
        }
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // nothing more to do
        }
    }

    /** The process and its descendants, the children first. */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        java.util.Collections.reverse(all);
        all.add(process.toHandle());
        return all;
    }

    /** A TCP port free on 127.0.0.1 right now. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

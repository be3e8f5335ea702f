package dev.channelbox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in its own process (a JVM running {@code BenchServer}, or Node), controlled
 * by lines on its stdin and answering {@code "BENCH ..."} lines on its stdout; everything else it
 * prints goes to its log file.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final PrintWriter control;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;
    final int port;

    private ServerProcess(List<String> command, Path log, Path workingDir, java.util.Map<String, String> env)
            throws IOException, BenchException {
        this.log = log;
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        process = pb.start();
        control = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Writer logWriter = Files.newBufferedWriter(log);
        Thread reader = new Thread(() -> pump(logWriter), "bench-server-output");
        reader.setDaemon(true);
        reader.start();
        String ready = await("READY", Duration.ofSeconds(60));
        port = Integer.parseInt(ready.split(" ")[1]);
    }

    static ServerProcess start(List<String> command, Path log, Path workingDir) throws IOException, BenchException {
        return new ServerProcess(command, log, workingDir, java.util.Map.of());
    }

    /** A server with {@code env} added to its environment (the Redis settings of a cluster node). */
    static ServerProcess start(List<String> command, Path log, Path workingDir, java.util.Map<String, String> env)
            throws IOException, BenchException {
        return new ServerProcess(command, log, workingDir, env);
    }

    private void pump(Writer logWriter) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             logWriter) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("BENCH ")) {
                    answers.add(line.substring(6));
                } else {
                    logWriter.write(line);
                    logWriter.write('\n');
                    logWriter.flush();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Sends a control line and waits for the answer starting with the same word. */
    String ask(String line, Duration timeout) throws BenchException {
        control.println(line);
        return await(line.split(" ")[0], timeout);
    }

    private String await(String word, Duration timeout) throws BenchException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String a = left <= 0 ? null : answers.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
                if (a != null && a.startsWith(word)) {
                    return a;
                }
                if (a != null && a.startsWith("ERROR")) {
                    throw new BenchException("server: " + a);
                }
                if (a == null && !process.isAlive()) {
                    throw new BenchException("the server exited with " + process.exitValue() + "; see " + log);
                }
                if (a == null && left <= 0) {
                    throw new BenchException("no " + word + " from the server within " + timeout + "; see " + log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }

    /** Waits until the room has exactly {@code members} (joins and leaves are asynchronous on the server). */
    void awaitRoom(String room, int members, Duration timeout) throws BenchException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int size;
        while ((size = Integer.parseInt(ask("ROOM " + room, Duration.ofSeconds(30)).split(" ")[1])) != members) {
            if (System.nanoTime() > deadline) {
                throw new BenchException("the room has " + size + " members, expected " + members);
            }
            Thread.sleep(50);
        }
    }

    /** The words after {@code HEAP}: heap in use after full collections, and more per server. */
    long[] heap() throws BenchException {
        String[] words = ask("HEAP", Duration.ofSeconds(60)).split(" ");
        long[] values = new long[words.length - 1];
        for (int i = 1; i < words.length; i++) {
            values[i - 1] = Long.parseLong(words[i]);
        }
        return values;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time used so far by the whole process (every thread), from {@code /proc}. */
    long cpuNanos() {
        return ProcCpu.nanos(process.pid());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            control.println("QUIT");
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

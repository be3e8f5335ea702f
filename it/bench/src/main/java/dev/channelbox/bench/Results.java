package dev.channelbox.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a run measured, server by server. Only the harness thread touches it. */
final class Results {

    /**
     * One server, room size and message size; {@code otherCpu}: the most other processes used (cores)
     * during its throughput or its latency measurement; {@code attempt}: which attempt this is.
     */
    record Cell(String server, int room, int size, int window, ThroughputRun.Result throughput,
                LatencyHistogram idle, int idleRounds, double otherCpu, int attempt) {
    }

    /**
     * One connect storm: its connections, how long until the server held them all, and what the
     * server spent on them (CPU, its kernel part, context switches of all its threads, read and write
     * system calls; -1 where {@code /proc} cannot tell) and the client's CPU.
     */
    record Connecting(int connections, double seconds, long serverCpuNanos, long serverKernelNanos,
                      long serverSwitches, long serverReads, long serverWrites, long clientCpuNanos) {

        Connecting plus(Connecting more) {
            return new Connecting(connections + more.connections, seconds + more.seconds,
                    serverCpuNanos + more.serverCpuNanos, serverKernelNanos + more.serverKernelNanos,
                    serverSwitches + more.serverSwitches, serverReads + more.serverReads,
                    serverWrites + more.serverWrites, clientCpuNanos + more.clientCpuNanos);
        }

        double perSecond() {
            return connections / seconds;
        }

        double serverCpuMicrosEach() {
            return serverCpuNanos / 1e3 / connections;
        }

        String describe() {
            return String.format(java.util.Locale.ROOT, "%.1f s, %,.0f/s, server CPU %.0f us (kernel %.0f us, %.1f switches,"
                    + " %.1f reads, %.1f writes), client %.0f us per connection", seconds, perSecond(), serverCpuMicrosEach(),
                    serverKernelNanos / 1e3 / connections, (double) serverSwitches / connections,
                    (double) serverReads / connections, (double) serverWrites / connections, clientCpuNanos / 1e3 / connections);
        }
    }

    /**
     * Heap in use after full collections with no connection, half of them and all of them open (the
     * Node peer adds its {@code external} and {@code rss}); opening them on the just-started server
     * ({@code cold}) and again once they had all gone ({@code warm}); {@code end}: the heap after
     * every cell, with {@code endConnections} still open (0 if not measured), to show what the
     * traffic left behind.
     */
    record Memory(String server, int connections, long[] before, long[] middle, long[] after, Connecting cold,
                  Connecting warm, long[] end, int endConnections) {

        /** Per connection, between half and all of them: what else is live in the heap cancels out. */
        double bytesPerConnection() {
            return perConnection(0);
        }

        /** The same for the i-th value of the server's HEAP answer. */
        double perConnection(int i) {
            return (after[i] - middle[i]) / (double) (connections - connections / 2);
        }
    }

    final List<Cell> cells = new ArrayList<>();
    final List<Memory> memory = new ArrayList<>();
    final Map<String, String> failures = new LinkedHashMap<>();

    static String label(String server) {
        return switch (server) {
            case "cb" -> "ChannelBox (ours)";
            case "loop" -> "(a) JSR-356 loop";
            case "tyrus" -> "(b) TyrusSession.broadcast";
            case "stock" -> "(d) (b) on Tyrus's own server";
            case "node" -> "(c) Node ws";
            case "raw" -> "raw NIO (client ceiling)";
            default -> server;
        };
    }

    static String shortLabel(String server) {
        return switch (server) {
            case "cb" -> "ChannelBox";
            case "loop" -> "(a) loop";
            case "tyrus" -> "(b) Tyrus bcast";
            case "stock" -> "(d) Tyrus server";
            case "node" -> "(c) Node ws";
            case "raw" -> "raw NIO*";
            default -> server;
        };
    }

    void cell(Cell c) {
        cells.add(c);
    }

    void memory(Memory m) {
        memory.removeIf(old -> old.server().equals(m.server()));
        memory.add(m);
    }

    void failed(String server, String why) {
        failures.put(server, why);
    }

    Optional<Cell> cell(String server, int room, int size) {
        return cells.stream().filter(c -> c.server().equals(server) && c.room() == room && c.size() == size).findFirst();
    }

    Optional<Memory> memory(String server) {
        return memory.stream().filter(m -> m.server().equals(server)).findFirst();
    }
}

package dev.channelbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from Linux's {@code /proc/<pid>/stat} (user + system, every thread), the
 * same way for the JVM servers, Node and the client. Clock ticks are 1/100 s on Linux (USER_HZ), so
 * over a measured interval of seconds the error is well under 1 %.
 */
final class ProcCpu {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcCpu() {
    }

    /** CPU nanoseconds used so far by {@code pid}, or -1 where {@code /proc} cannot tell. */
    static long nanos(long pid) {
        long[] t = ticks(pid);
        return t == null ? -1 : (t[0] + t[1]) * NANOS_PER_TICK;
    }

    /** The part of {@link #nanos} spent in the kernel (system calls, and here the loopback TCP stack). */
    static long systemNanos(long pid) {
        long[] t = ticks(pid);
        return t == null ? -1 : t[1] * NANOS_PER_TICK;
    }

    /** User and system ticks (fields 14 and 15 of {@code /proc/<pid>/stat}), or null. */
    private static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may contain spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Context switches so far of every thread of {@code pid} (voluntary and not), or -1: a thread
     * handing work to another thread per message shows here.
     */
    static long contextSwitches(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long sum = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.endsWith("ctxt_switches:") || line.contains("ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Write system calls so far of {@code pid} ({@code syscw} of {@code /proc/<pid>/io}: write and
     * writev, which is how a JVM or Node writes to a socket), or -1: frames that leave together in one
     * write show here as fewer calls per delivery.
     */
    static long writeCalls(long pid) {
        return io(pid, "syscw:");
    }

    /** Read system calls so far of {@code pid} ({@code syscr}: read and readv), or -1. */
    static long readCalls(long pid) {
        return io(pid, "syscr:");
    }

    private static long io(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim());
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long self() {
        return nanos(ProcessHandle.current().pid());
    }

    /**
     * CPU nanoseconds every process of the machine has used since boot (user, nice, system, irq,
     * softirq, steal from {@code /proc/stat}), or -1. Minus the server's and the client's own: what
     * the rest of the machine used, to flag a measurement that shared its cores.
     */
    static long machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

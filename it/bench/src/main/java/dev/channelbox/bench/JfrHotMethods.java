package dev.channelbox.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A summary of a server's JFR recording of one throughput run ({@code -Dbench.jfr=cb}): CPU samples
 * ({@code jdk.ExecutionSample}, Java code only: time in system calls shows in the CPU table's
 * kernel share instead) by component, the hottest methods on top of the stack (self), and the
 * hottest methods anywhere on it (total) below the trunk every sample shares. The same as
 * {@code jfr print --events jdk.ExecutionSample}, aggregated.
 */
final class JfrHotMethods {

    private JfrHotMethods() {
    }

    /** Writes the summary to {@code summary}, and prints it on {@code out} unless null. */
    static void summarise(Path recording, Path summary, PrintStream out) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> components = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                RecordedMethod top = frames.get(0).getMethod();
                self.merge(name(top), 1, Integer::sum);
                components.merge(component(top == null ? "?" : top.getType().getName()), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f.getMethod());
                    if (seen.add(n)) {
                        total.merge(n, 1, Integer::sum);
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("JFR " + recording.getFileName() + ": " + samples + " CPU samples of Java code");
        lines.add("  self time by component:");
        top(components, samples, 10, 1.0, lines);
        lines.add("  hottest methods, self (top of stack):");
        top(self, samples, 20, 1.0, lines);
        lines.add("  hottest methods, total (anywhere on the stack, below the 60 % every path shares):");
        top(total, samples, 30, 0.6, lines);
        Files.write(summary, lines);
        if (out != null) {
            lines.forEach(out::println);
        }
    }

    private static void top(Map<String, Integer> counts, int samples, int n, double below, List<String> lines) {
        counts.entrySet().stream()
                .filter(e -> e.getValue() < below * samples || below >= 1.0)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> lines.add(String.format(Locale.ROOT, "   %5.1f%%  %s", 100.0 * e.getValue() / samples, e.getKey())));
    }

    private static String component(String type) {
        if (type.startsWith("dev.channelbox.bench")) {
            return "benchmark endpoint (payload)";
        }
        if (type.startsWith("dev.channelbox")) {
            return "ChannelBox";
        }
        if (type.startsWith("org.glassfish.tyrus")) {
            return "Tyrus";
        }
        if (type.startsWith("org.glassfish.grizzly")) {
            return "Grizzly";
        }
        if (type.startsWith("sun.nio") || type.startsWith("java.nio")) {
            return "JDK NIO, buffers, charsets";
        }
        if (type.startsWith("java.util.concurrent")) {
            return "JDK java.util.concurrent";
        }
        if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
            return "JDK other";
        }
        return "other";
    }

    private static String name(RecordedMethod m) {
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }
}

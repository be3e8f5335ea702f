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
 * A summary of a server's JFR recording ({@code -Dbench.jfr=cb}): the hottest methods by CPU
 * samples ({@code jdk.ExecutionSample}), on top of the stack (self) and anywhere on it (total), the
 * same as {@code jfr print --events jdk.ExecutionSample} aggregated.
 */
final class JfrHotMethods {

    private JfrHotMethods() {
    }

    static void summarise(Path recording, Path summary, PrintStream out) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
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
                self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
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
        lines.add("JFR " + recording.getFileName() + ": " + samples + " CPU samples");
        lines.add("  hottest methods, self (top of stack):");
        top(self, samples, 20, lines);
        lines.add("  hottest methods, total (anywhere on the stack):");
        top(total, samples, 25, lines);
        Files.write(summary, lines);
        lines.forEach(out::println);
    }

    private static void top(Map<String, Integer> counts, int samples, int n, List<String> lines) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> lines.add(String.format(Locale.ROOT, "   %5.1f%%  %s", 100.0 * e.getValue() / samples, e.getKey())));
    }

    private static String name(RecordedMethod m) {
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }
}

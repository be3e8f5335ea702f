package dev.channelbox.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the build put things, and which containers to run. Set by failsafe from the pom:
 * {@code containers.dir} (the runtimes, unpacked there by maven-dependency-plugin, and one work
 * directory per container with its logs), the paths of our jar and of the compiled demo, and
 * {@code containers} ({@code -Dcontainers=payara6,wildfly}; all by default).
 */
final class Containers {

    static final Set<String> ALL = Set.of("payara6", "payara7", "wildfly", "liberty");

    private Containers() {
    }

    static Path dir() {
        return path("containers.dir");
    }

    static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the container tests"
                    + " through Maven (mvn verify), which sets it");
        }
        return Path.of(value).toAbsolutePath();
    }

    /** Whether {@code -Dcontainers} selects this container (no value, or "all": every one). */
    static boolean selected(String id) {
        String value = System.getProperty("containers", "").trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("all")) {
            return true;
        }
        Set<String> chosen = Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.toSet());
        return chosen.contains(id);
    }

    /** The java of this test JVM (17+). */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The home of a JDK 21 or newer, for Payara Micro 7 (Jakarta EE 11 needs Java 21+). */
    static Path java21Home() {
        Path home = path("channelbox.java21-home");
        Path java = home.resolve("bin/java");
        if (!Files.isExecutable(java)) {
            throw new AssertionError("Payara Micro 7 needs Java 21 or newer, and " + java + " is not there: install a"
                    + " JDK 21+ or point -Dchannelbox.java21-home at one");
        }
        return home;
    }

    /** Deletes {@code dir} and everything in it, then creates it empty. */
    static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Copies a directory tree. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

package dev.channelbox.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The demo as a WAR, {@code target/containers/channelbox-demo.war}, built from what {@code mvn verify}
 * compiled: our jar in {@code WEB-INF/lib} and nothing else there (the containers provide WebSocket,
 * CDI, JSON-B and REST); in {@code WEB-INF/classes} the demo's routes and the WAR-only test
 * application ({@code dev.channelbox.containers.app}: a REST resource that broadcasts, and probes);
 * the chat page at the root. No web.xml and no beans.xml: a drop-in deployment.
 */
final class DemoWar {

    static final String NAME = "channelbox-demo";
    static final String CONTEXT_PATH = "/" + NAME;

    private static Path built;

    private DemoWar() {
    }

    /** The WAR, built once per test run. */
    static synchronized Path war() {
        if (built == null) {
            try {
                built = build(Containers.dir().resolve(NAME + ".war"));
            } catch (IOException e) {
                throw new UncheckedIOException("building the demo WAR", e);
            }
        }
        return built;
    }

    private static Path build(Path war) throws IOException {
        Path jar = Containers.path("channelbox.jar");
        Path classes = Containers.path("channelbox.test-classes");
        Path page = Containers.path("channelbox.demo-static");
        Files.createDirectories(war.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            add(zip, "WEB-INF/lib/" + jar.getFileName(), jar);
            for (String pkg : List.of("dev/channelbox/demo", "dev/channelbox/containers/app")) {
                for (Path file : files(classes.resolve(pkg))) {
                    String name = classes.relativize(file).toString().replace('\\', '/');
                    if (!name.startsWith("dev/channelbox/demo/DemoServer")) { // the standalone launcher
                        add(zip, "WEB-INF/classes/" + name, file);
                    }
                }
            }
            for (Path file : files(page)) {
                add(zip, page.relativize(file).toString().replace('\\', '/'), file);
            }
        }
        return war;
    }

    /** The WAR unpacked into {@code dir} (which must not exist yet). */
    static Path explode(Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(war().toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the WAR: " + e.getName());
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target);
                }
            }
        }
        return dir;
    }

    /** The names of the WAR's entries. */
    static List<String> entries() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war().toFile())) {
            zip.stream().forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is missing: run the build (mvn verify) first");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void add(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (OutputStream out = new NonClosing(zip)) {
            Files.copy(file, out);
        }
        zip.closeEntry();
    }

    /** Lets {@code Files.copy} write into the current entry without closing the archive. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

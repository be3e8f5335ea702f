package dev.channelbox.containers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A WAR the container tests deploy, as Maven built it (the invoker of {@code mvn verify}): the demo,
 * {@code it/demo-war}, exactly as a user would copy it, and beside it the tests' probes,
 * {@code it/containers/app}. The file's name is the context root.
 */
final class War {

    static final War DEMO = new War("channelbox-demo", "channelbox.demo-war");
    static final War PROBE = new War("channelbox-probe", "channelbox.probe-war");

    final String name;
    private final String property;

    private War(String name, String property) {
        this.name = name;
        this.property = property;
    }

    /** The built archive. */
    Path path() {
        Path p = Containers.path(property);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: the invoker builds it (mvn verify)");
        }
        return p;
    }

    String fileName() {
        return name + ".war";
    }

    String contextPath() {
        return "/" + name;
    }

    /** The WAR unpacked into {@code dir} (which must not exist yet). */
    Path explode(Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(path().toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the WAR: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target);
                }
            }
        }
        return dir;
    }

    /** The names of the WAR's entries (files only). */
    List<String> entries() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(path().toFile())) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    @Override
    public String toString() {
        return fileName();
    }
}

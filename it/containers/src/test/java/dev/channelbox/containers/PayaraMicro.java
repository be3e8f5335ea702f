package dev.channelbox.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro: one executable jar. The WAR is deployed exploded, because Payara Micro has no
 * undeploy for an archive named on its command line, but reloads an exploded application when its
 * {@code .reload} file changes (GlassFish's dynamic reloader): that is our redeploy. No data grid
 * (Hazelcast), and HTTP on 127.0.0.1 only.
 */
final class PayaraMicro extends Container {

    private final String version;
    private final Path javaHome;
    private Path demo;
    private Path app;

    /** @param javaHome the JDK to run it on (Payara 7 needs 21+), or null for this JVM's */
    PayaraMicro(String id, String version, Path javaHome) {
        super(id);
        this.version = version;
        this.javaHome = javaHome;
    }

    @Override
    String title() {
        return "Payara Micro " + version;
    }

    @Override
    void start() throws Exception {
        Path jar = Containers.dir().resolve("payara-micro-" + version + ".jar");
        if (!Files.exists(jar)) {
            throw new AssertionError(jar + " is missing: the pre-integration-test phase copies it (mvn verify)");
        }
        Containers.fresh(work);
        // the directory's name is the context root
        demo = War.DEMO.explode(work.resolve("app").resolve(War.DEMO.name));
        app = War.PROBE.explode(work.resolve("app").resolve(War.PROBE.name));
        Files.createDirectories(work.resolve("root")); // Payara Micro refuses a --rootdir that does not exist
        port = ServerProcess.freePort();
        Path java = javaHome == null ? Containers.java() : javaHome.resolve("bin/java");
        // Payara Micro's HTTP listener has no address in its domain.xml, i.e. every interface; an
        // asadmin command before the boot puts it on loopback (HTTPS and JMX are disabled already)
        Path preboot = Files.writeString(work.resolve("preboot.asadmin"),
                "set configs.config.server-config.network-config.network-listeners.network-listener"
                        + ".http-listener.address=127.0.0.1\n");
        List<String> command = List.of(java.toString(), "-Xmx512m",
                "-jar", jar.toString(),
                "--nohazelcast",            // no data grid: it listens on *:6900 even with --nocluster
                "--disablephonehome",       // no usage report to the outside
                "--prebootcommandfile", preboot.toString(),
                "--port", String.valueOf(port),
                "--rootdir", work.resolve("root").toString(),
                "--unpackdir", work.resolve("runtime").toString(),
                "--deploy", demo.toString(),
                "--deploy", app.toString());
        Map<String, String> env = javaHome == null ? Map.of() : Map.of("JAVA_HOME", javaHome.toString());
        process = ServerProcess.start(title(), command, work, env, work.resolve("server.log"));
        process.await("\"ready in\" in the log", START_TIMEOUT,
                () -> count(process.log(), "Payara Micro .* ready in") > 0);
        // Payara Micro starts even when the application fails to deploy: say so now, not after a timeout
        if (count(process.log(), "Exception while loading the app") > 0) {
            throw new AssertionError(title() + " failed to deploy " + War.DEMO + " or " + War.PROBE + "; see " + logs());
        }
        awaitBothDeployed();
    }

    @Override
    void redeploy(Runnable whileUndeployed) throws Exception {
        // Payara reloads in one step: there is no moment at which the application is undeployed
        String old = awaitDeployment(null);
        for (Path dir : List.of(demo, app)) {
            Path reload = dir.resolve(".reload");
            Files.writeString(reload, Instant.now().toString());
            Files.setLastModifiedTime(reload, FileTime.from(Instant.now()));
        }
        awaitDeployment(old);
    }

    @Override
    List<Path> logs() {
        return List.of(work.resolve("server.log"));
    }
}

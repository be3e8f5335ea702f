package dev.channelbox.containers;

import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * WildFly from its distribution zip, with a fresh server base directory per run (configuration copied
 * from the distribution, deployments, data, logs), every port on 127.0.0.1 and shifted by one free
 * offset. The WAR goes through the deployment scanner: dropped in to deploy, deleted to undeploy,
 * each step confirmed by the scanner's marker file.
 */
final class WildFly extends Container {

    /** The ports of standalone.xml's socket bindings that the server opens (before the offset). */
    private static final int[] PORTS = {8080, 8443, 9990, 9993, 4712, 4713};
    private static final List<War> WARS = List.of(War.DEMO, War.PROBE);

    private final String version;
    private Path deployments;

    WildFly(String version) {
        super("wildfly");
        this.version = version;
    }

    /** standalone.xml has no MicroProfile Health (standalone-microprofile.xml has, on the management port). */
    @Override
    URI readinessEndpoint() {
        return null;
    }

    @Override
    String title() {
        return "WildFly " + version;
    }

    @Override
    void start() throws Exception {
        Path home = Containers.dir().resolve("wildfly-" + version);
        if (!Files.isDirectory(home)) {
            throw new AssertionError(home + " is missing: the pre-integration-test phase unpacks it (mvn verify)");
        }
        Containers.fresh(work);
        Path base = work.resolve("standalone");
        Containers.copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Path config = base.resolve("configuration/standalone.xml");
        // The scanner looks every 5 s by default: 10 s of waiting per redeploy. Half a second here.
        Files.writeString(config, Files.readString(config, StandardCharsets.UTF_8)
                .replace("scan-interval=\"5000\"", "scan-interval=\"500\""), StandardCharsets.UTF_8);
        deployments = Files.createDirectories(base.resolve("deployments"));
        for (War war : wars) {
            Files.copy(war.path(), deployments.resolve(war.fileName()));
        }

        int offset = freeOffset();
        port = 8080 + offset;
        List<String> command = List.of("bash", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset,
                // standalone.xml's default for both interfaces is 127.0.0.1, unless a JBOSS_* setting of
                // the machine says otherwise: said here, so every socket binding stays on loopback
                "-b=127.0.0.1", "-bmanagement=127.0.0.1");
        Map<String, String> env = env(Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                // replaces the defaults of bin/standalone.conf, which the script adds its module options to
                "JAVA_OPTS", "-Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"));
        process = ServerProcess.start(title(), command, work, env, work.resolve("console.log"));
        for (War war : wars) {
            awaitMarker(war, "deployed", START_TIMEOUT);
        }
        awaitDeployed();
    }

    @Override
    void redeploy(Runnable whileUndeployed) throws Exception {
        String old = awaitDeployment(null);
        for (War war : WARS) {
            Files.delete(deployments.resolve(war.fileName()));
        }
        for (War war : WARS) {
            awaitMarker(war, "undeployed", DEPLOY_TIMEOUT);
        }
        if (whileUndeployed != null) {
            whileUndeployed.run();
        }
        for (War war : WARS) {
            Path incoming = work.resolve(war.fileName());
            Files.copy(war.path(), incoming, StandardCopyOption.REPLACE_EXISTING);
            // a move, so the scanner never sees a half-copied archive
            Files.move(incoming, deployments.resolve(war.fileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        for (War war : WARS) {
            awaitMarker(war, "deployed", DEPLOY_TIMEOUT);
        }
        awaitDeployment(old);
    }

    private void awaitMarker(War war, String state, Duration timeout) throws Exception {
        Path marker = deployments.resolve(war.fileName() + "." + state);
        Path failed = deployments.resolve(war.fileName() + ".failed");
        process.await(marker.getFileName() + " (deployment scanner)", timeout, () -> {
            if (Files.exists(failed)) {
                String why;
                try {
                    why = Files.readString(failed);
                } catch (java.io.IOException e) {
                    why = e.toString();
                }
                throw new AssertionError(title() + " failed to deploy " + war + ": " + why + "; see " + logs());
            }
            return Files.exists(marker);
        });
    }

    /** An offset for every port of the default configuration, all of them free now. */
    private static int freeOffset() {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = 10_000 + random.nextInt(40_000);
            boolean free = true;
            for (int p : PORTS) {
                free &= ServerProcess.isFree(p + offset);
            }
            if (free) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly");
    }

    @Override
    List<Path> logs() {
        return List.of(work.resolve("standalone/log/server.log"), work.resolve("console.log"));
    }
}

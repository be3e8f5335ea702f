package dev.channelbox.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Open Liberty from its runtime zip, with a fresh user directory per run ({@code WLP_USER_DIR}) holding
 * one server: the features the library needs and nothing else, HTTP on a free port of 127.0.0.1, no
 * HTTPS (its only other listener is the server command port, on loopback by Liberty's design), and
 * the dropins directory polled twice a second (the WAR is dropped in to deploy, deleted to
 * undeploy; messages.log confirms each step).
 */
final class OpenLiberty extends Container {

    static final String SERVER = "channelbox";
    private static String started(War war) {
        return "CWWKZ0001I: Application " + war.name + " started";
    }

    private static String stopped(War war) {
        return "CWWKZ0009I: The application " + war.name + " has stopped";
    }

    private static final List<War> WARS = List.of(War.DEMO, War.PROBE);
    private static final String FAILED = "CWWKZ000[24]E: .*channelbox-";

    private final String version;
    private Path server;
    private Path dropins;

    OpenLiberty(String version) {
        super("liberty");
        this.version = version;
    }

    @Override
    String title() {
        return "Open Liberty " + version;
    }

    @Override
    void start() throws Exception {
        Path wlp = Containers.dir().resolve("wlp");
        if (!Files.isDirectory(wlp)) {
            throw new AssertionError(wlp + " is missing: the pre-integration-test phase unpacks it (mvn verify)");
        }
        Containers.fresh(work);
        Path usr = work.resolve("usr");
        server = Files.createDirectories(usr.resolve("servers").resolve(SERVER));
        dropins = Files.createDirectories(server.resolve("dropins"));
        port = ServerProcess.freePort();
        Files.writeString(server.resolve("server.xml"), """
                <server description="ChannelBox container test">
                  <featureManager>
                    <feature>websocket-2.1</feature>
                    <feature>cdi-4.0</feature>
                    <feature>jsonb-3.0</feature>
                    <feature>restfulWS-3.1</feature>
                    <!-- Jakarta Concurrency: the managed threads ChannelBox runs its handlers on -->
                    <feature>concurrent-3.0</feature>
                    <!-- MicroProfile Config: the WAR's microprofile-config.properties sets ChannelBox -->
                    <feature>mpConfig-3.1</feature>
                    <!-- MicroProfile Health: /health/ready includes ChannelBox's readiness check -->
                    <feature>mpHealth-4.0</feature>
                  </featureManager>
                  <!-- http/1.1: Liberty answers an h2c upgrade offer (the JDK client's "Upgrade: h2c" on a
                       plain GET) by never completing the response; WebSocket does not use HTTP/2 -->
                  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"
                                protocolVersion="http/1.1"/>
                  <applicationMonitor updateTrigger="polled" pollingRate="500ms" dropinsEnabled="true"/>
                </server>
                """.formatted(port));
        Files.writeString(server.resolve("jvm.options"), "-Xmx512m\n");
        for (War war : wars) {
            Files.copy(war.path(), dropins.resolve(war.fileName()));
        }

        List<String> command = List.of("bash", wlp.resolve("bin/server").toString(), "run", SERVER);
        Map<String, String> env = env(Map.of("JAVA_HOME", System.getProperty("java.home"), "WLP_USER_DIR", usr.toString()));
        process = ServerProcess.start(title(), command, work, env, work.resolve("console.log"));
        for (War war : wars) {
            awaitMessage(started(war), 1);
        }
        awaitDeployed();
    }

    @Override
    void redeploy(Runnable whileUndeployed) throws Exception {
        String old = awaitDeployment(null);
        Map<War, Integer> stops = new java.util.HashMap<>();
        Map<War, Integer> starts = new java.util.HashMap<>();
        for (War war : WARS) {
            stops.put(war, count(messages(), stopped(war)));
            starts.put(war, count(messages(), started(war)));
            Files.delete(dropins.resolve(war.fileName()));
        }
        for (War war : WARS) {
            awaitMessage(stopped(war), stops.get(war) + 1);
        }
        if (whileUndeployed != null) {
            whileUndeployed.run();
        }
        for (War war : WARS) {
            Path incoming = work.resolve(war.fileName());
            Files.copy(war.path(), incoming, StandardCopyOption.REPLACE_EXISTING);
            // a move, so the monitor never sees a half-copied archive
            Files.move(incoming, dropins.resolve(war.fileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        for (War war : WARS) {
            awaitMessage(started(war), starts.get(war) + 1);
        }
        awaitDeployment(old);
    }

    private void awaitMessage(String pattern, int times) {
        process.await("\"" + pattern + "\" in messages.log", START_TIMEOUT, () -> {
            if (count(messages(), FAILED) > 0) {
                throw new AssertionError(title() + " failed to start " + War.DEMO + " or " + War.PROBE + "; see " + logs());
            }
            return count(messages(), pattern) >= times;
        });
    }

    private Path messages() {
        return server.resolve("logs/messages.log");
    }

    /** Liberty waits up to 30 s "for the server to quiesce" on SIGTERM; nothing of ours needs that. */
    @Override
    Duration stopGrace() {
        return Duration.ofSeconds(5);
    }

    @Override
    List<Path> logs() {
        return server == null ? List.of(work) : List.of(messages(), work.resolve("console.log"));
    }
}

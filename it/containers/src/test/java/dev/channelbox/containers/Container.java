package dev.channelbox.containers;

import dev.channelbox.testing.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One application server with the two WARs ({@link War#DEMO} and {@link War#PROBE}): started headless
 * on free ports from the runtime the build unpacked, the probe WAR redeployed on demand, stopped
 * whatever happened. Everything it writes
 * (its logs included) stays in {@code target/containers/<id>/} until the next run.
 */
abstract class Container implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    final String id;
    Path work;
    ServerProcess process;
    int port;
    /** The WARs to deploy: both, or only the demo ({@link #asClusterNode}). */
    List<War> wars = List.of(War.DEMO, War.PROBE);
    /** Added to the server process's environment. */
    Map<String, String> extraEnv = Map.of();

    Container(String id) {
        this.id = id;
        this.work = Containers.dir().resolve(id);
    }

    /**
     * This server as one node of a cluster: only the demo WAR, with {@code env} (the Redis settings)
     * in the server's environment, under {@code target/containers/<id>-cluster/}.
     */
    Container asClusterNode(Map<String, String> env) {
        this.wars = List.of(War.DEMO);
        this.extraEnv = Map.copyOf(env);
        this.work = Containers.dir().resolve(id + "-cluster");
        return this;
    }

    /** The server's environment: {@code base} and {@link #extraEnv}. */
    Map<String, String> env(Map<String, String> base) {
        Map<String, String> env = new java.util.HashMap<>(base);
        env.putAll(extraEnv);
        return env;
    }

    /** Waits until every WAR answers ({@link #awaitBothDeployed}, or the demo's page alone). */
    void awaitDeployed() {
        if (wars.contains(War.PROBE)) {
            awaitBothDeployed();
        } else {
            awaitDemoPage();
        }
    }

    /** Starts the server with both WARs deployed; returns once both answer. */
    abstract void start() throws Exception;

    /**
     * Undeploys both WARs, runs {@code whileUndeployed} where the container has a moment between the
     * two (null where it redeploys in one step), deploys it again, and returns once the new
     * deployment answers.
     */
    abstract void redeploy(Runnable whileUndeployed) throws Exception;

    /** Where to look when something failed. */
    abstract List<Path> logs();

    /** A name for messages, such as "Payara Micro 6.2025.10". */
    abstract String title();

    int port() {
        return port;
    }

    /** How long the server may take to stop by itself before it is killed. */
    Duration stopGrace() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(stopGrace());
            process.close();
        }
    }

    // ------------------------------------------------------------------ the application's probes

    /** The id of the deployment answering now ({@code GET /api/probe/deployment}), or null if none answers. */
    String deploymentOrNull() {
        try {
            HttpResponse<String> r = get(War.PROBE, "/api/probe/deployment");
            if (r.statusCode() != 200) {
                return null;
            }
            Object json = Json.parse(r.body());
            return json instanceof Map<?, ?> m ? (String) m.get("deployment") : null;
        } catch (IOException | RuntimeException notYet) {
            return null;
        }
    }

    /** Waits until a deployment other than {@code old} (null: any) answers, and returns its id. */
    String awaitDeployment(String old) {
        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        while (true) {
            String now = deploymentOrNull();
            if (now != null && !now.equals(old)) {
                return now;
            }
            if (process != null && !process.isAlive()) {
                throw new AssertionError(title() + " exited; see " + logs());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(title() + ": the " + (old == null ? "" : "new ") + "deployment of "
                        + War.PROBE + " did not answer within " + DEPLOY_TIMEOUT.toSeconds() + " s; see " + logs());
            }
            ServerProcess.sleep(250);
        }
    }

    /** Waits until both WARs answer: the demo's page, and the probe's deployment (whose id it returns). */
    String awaitBothDeployed() {
        awaitDemoPage();
        return awaitDeployment(null);
    }

    private void awaitDemoPage() {
        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        while (true) {
            try {
                if (get(War.DEMO, "/").statusCode() == 200) {
                    break;
                }
            } catch (IOException | RuntimeException notYet) {
                // not yet
            }
            if (process != null && !process.isAlive()) {
                throw new AssertionError(title() + " exited; see " + logs());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(title() + ": " + War.DEMO + " did not answer within "
                        + DEPLOY_TIMEOUT.toSeconds() + " s; see " + logs());
            }
            ServerProcess.sleep(250);
        }
    }

    HttpResponse<String> get(War war, String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(war, path)).GET());
    }

    /**
     * The runtime's MicroProfile Health readiness endpoint, or {@code null} where the configuration the
     * tests run has no MicroProfile Health (WildFly's default standalone.xml).
     */
    URI readinessEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/health/ready");
    }

    HttpResponse<String> get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    HttpResponse<String> postJson(War war, String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(uri(war, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    private URI uri(War war, String path) {
        return URI.create("http://127.0.0.1:" + port + war.contextPath() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    // ------------------------------------------------------------------ logs

    /** How often {@code pattern} occurs in {@code log} (0 if it does not exist yet). */
    static int count(Path log, String pattern) {
        try {
            if (!Files.exists(log)) {
                return 0;
            }
            Matcher m = Pattern.compile(pattern).matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }
}

package dev.channelbox.containers;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

/**
 * One application server with the probe WAR (and the demo) for the fan-out benchmark's container
 * cells ({@code mvn -q -Pbench -Dbench.containers}, it/bench/README.md): the same start, WARs and
 * settings as the container tests. The WAR carries the benchmark's rooms (it/bench/src/rooms):
 * {@code /cb/{room}} (ours) and {@code /loop/{room}} (a hand-written {@code @ServerEndpoint}).
 */
public final class BenchTarget implements AutoCloseable {

    private final Container container;

    private BenchTarget(Container container) {
        this.container = container;
    }

    /** Starts {@code id} (payara6, payara7, wildfly, liberty) and returns once its WARs answer. */
    public static BenchTarget start(String id) throws Exception {
        Container c = switch (id) {
            case "payara6" -> new PayaraMicro("payara6", System.getProperty("channelbox.payara6-version"), null);
            case "payara7" -> new PayaraMicro("payara7", System.getProperty("channelbox.payara7-version"),
                    Containers.java21Home());
            case "wildfly" -> new WildFly(System.getProperty("channelbox.wildfly-version"));
            case "liberty" -> new OpenLiberty(System.getProperty("channelbox.liberty-version"));
            default -> throw new IllegalArgumentException("no container " + id);
        };
        try {
            c.start();
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return new BenchTarget(c);
    }

    public String title() {
        return container.title();
    }

    public int port() {
        return container.port();
    }

    /**
     * The server's JVM (its CPU time is the server's): the process started, or where that is a start
     * script (WildFly, Open Liberty) the Java process among its descendants.
     */
    public long pid() {
        ProcessHandle started = container.process.handle();
        return Stream.concat(Stream.of(started), started.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElse(started).pid();
    }

    /** The WebSocket path of a benchmark room: {@code server} is "cb" or "loop". */
    public String path(String server, String room) {
        return War.PROBE.contextPath() + "/" + server + "/" + room;
    }

    /** How many members the server's room holds now. */
    public int roomSize(String server, String room) throws IOException {
        HttpResponse<String> r = container.get(War.PROBE, "/api/bench/" + server + "/" + room);
        if (r.statusCode() != 200) {
            throw new IOException("GET room size: HTTP " + r.statusCode() + " " + r.body());
        }
        return Integer.parseInt(r.body().trim());
    }

    @Override
    public void close() {
        container.close();
    }
}

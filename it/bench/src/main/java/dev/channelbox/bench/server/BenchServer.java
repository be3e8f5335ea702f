package dev.channelbox.bench.server;

import dev.channelbox.standalone.ChannelBoxServer;

import org.glassfish.tyrus.spi.ServerContainer;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.function.ToIntFunction;

/**
 * A server under test, in its own JVM (started by the harness, pinned to its own core). Every Java
 * variant runs the same server: {@link ChannelBoxServer} (Weld SE, Tyrus on our Grizzly server)
 * with our route {@code /cb/{room}} and the two plain endpoints {@code /loop/{room}} (baseline a)
 * and {@code /tyrus/{room}} (reference b) registered beside it; the argument only says which one the
 * harness drives, so the process is the same for all three. {@code stock} is Tyrus's own standalone
 * server with reference (b)'s endpoint instead, {@code raw} the calibration server ({@link RawFanoutServer}).
 *
 * <p>Control, one line at a time on stdin; answers on stdout start with {@code "BENCH "}:
 * {@code ROOM <name>} (members of the driven endpoint's room), {@code HEAP} (heap in use after full
 * collections), {@code JFR START}, {@code JFR STOP <file>}, {@code QUIT}. {@code BENCH READY <port>}
 * when listening.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "cb";
        AutoCloseable server;
        ToIntFunction<String> roomSize;
        int port;
        if (variant.equals("raw")) {
            RawFanoutServer raw = RawFanoutServer.start();
            server = raw;
            roomSize = room -> raw.size();
            port = raw.port();
        } else if (variant.equals("stock")) {
            // Tyrus's own standalone server (tyrus-server on its Grizzly container), as a Tyrus user
            // starts it, serving reference (b)'s endpoint: what Tyrus and Grizzly cost without ours
            org.glassfish.tyrus.server.Server stock = new org.glassfish.tyrus.server.Server("127.0.0.1", 0, "/",
                    null, TyrusBroadcastEndpoint.class);
            stock.start();
            server = stock::stop;
            roomSize = TyrusBroadcastEndpoint::size;
            port = stock.getPort();
        } else {
            ChannelBoxServer cb = ChannelBoxServer.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .beanClasses(ChannelBoxRoom.class)
                    .start();
            var engine = tyrusContainer(cb).getWebSocketEngine();
            engine.register(LoopEndpoint.class, "");
            engine.register(TyrusBroadcastEndpoint.class, "");
            server = cb;
            roomSize = switch (variant) {
                case "cb" -> room -> cb.channelBox().group(room).size();
                case "loop" -> LoopEndpoint::size;
                case "tyrus" -> TyrusBroadcastEndpoint::size;
                default -> throw new IllegalArgumentException("unknown variant " + variant + " (cb, loop, tyrus, stock, raw)");
            };
            port = cb.port();
        }
        answer("READY " + port);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "ROOM" -> answer("ROOM " + roomSize.applyAsInt(words[1]));
                case "HEAP" -> answer("HEAP " + heapAfterGc());
                case "JFR" -> answer("JFR " + jfr(words));
                case "QUIT" -> {
                    server.close();
                    System.exit(0);
                }
                default -> answer("ERROR unknown command: " + line);
            }
        }
        server.close();
        System.exit(0);
    }

    private static Recording recording;

    /**
     * {@code JFR START}: a profiling recording; {@code JFR STOP <file>}: stop it and write it. The
     * harness records the throughput runs only, not the start-up or the connecting.
     */
    private static String jfr(String[] words) throws IOException, ParseException {
        if (words[1].equals("START")) {
            if (recording != null) {
                recording.close();
            }
            recording = new Recording(Configuration.getConfiguration("profile"));
            // a connect storm lasts a second or two: the profile's 10-20 ms would give a few dozen samples
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
            recording.start();
            return "started";
        }
        recording.stop();
        recording.dump(Path.of(words[2]));
        recording.close();
        recording = null;
        return "written";
    }

    private static void answer(String line) {
        System.out.println("BENCH " + line);
        System.out.flush();
    }

    /**
     * The heap in use right after a full collection (the pools' collection usage, so nothing
     * allocated after the collection counts), the least of three, and the committed heap.
     */
    private static String heapAfterGc() throws InterruptedException {
        long live = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage u = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                if (u != null) {
                    used += u.getUsed();
                }
            }
            live = Math.min(live, used);
            Thread.sleep(100);
        }
        return live + " " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /**
     * The Tyrus container inside {@link ChannelBoxServer}, to put the baselines on the very same
     * server. The server does not expose it (an application has no use for it), so the benchmark
     * reads the private field by type; Tyrus's engine accepts endpoints after start.
     */
    private static ServerContainer tyrusContainer(ChannelBoxServer server) throws IllegalAccessException {
        for (Field f : ChannelBoxServer.class.getDeclaredFields()) {
            if (ServerContainer.class.isAssignableFrom(f.getType())) {
                f.setAccessible(true);
                return (ServerContainer) f.get(server);
            }
        }
        throw new IllegalStateException("ChannelBoxServer has no Tyrus ServerContainer field any more: "
                + "the benchmark needs it to register the baseline endpoints on the same server");
    }
}

package dev.channelbox.containers.app;

import dev.channelbox.ChannelBox;
import dev.channelbox.SendStatus;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** What the container tests need to see inside the server. */
@Path("/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    @Inject
    ChannelBox box;

    @Inject
    Probe probe;

    /**
     * Whether the channel's outbox writes whole frames to the transport (Tyrus on Payara, Open Liberty's
     * TCP channel) rather than through the container's {@code RemoteEndpoint}: read from the library's
     * internals, as the embedded server's {@code RawWritePathTest} does, since no client can tell.
     */
    @GET
    @Path("/raw-writes/{channel}")
    public Map<String, Object> rawWrites(@PathParam("channel") String channel) throws ReflectiveOperationException {
        Object c = box.channel(channel).orElseThrow(() -> new jakarta.ws.rs.NotFoundException(channel));
        Object connection = call(c, "connection");
        Object outbox = call(connection, "outbox");
        return Map.of("raw", call(outbox, "writesRaw"), "session", call(connection, "session").getClass().getName());
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        java.lang.reflect.Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    @GET
    @Path("/deployment")
    public Map<String, String> deployment() {
        return Map.of("deployment", probe.deployment());
    }

    @GET
    @Path("/destroyed")
    public List<String> destroyed() {
        return probe.destroyed();
    }

    /**
     * The application's ChannelBox MBean ({@code dev.channelbox:type=ChannelBox,application=<java:app/AppName>}):
     * its name and the attributes the tests compare with what their clients did.
     */
    @GET
    @Path("/mbean")
    public Map<String, Object> mbean() throws Exception {
        String app = (String) new javax.naming.InitialContext().lookup("java:app/AppName");
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("dev.channelbox:type=ChannelBox,application=" + app);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name.toString());
        for (String attribute : List.of("Connections", "MessagesIn", "MessagesOut", "Broker")) {
            m.put(attribute, server.getAttribute(name, attribute));
        }
        return m;
    }

    /** The request-scoped visits ended so far, and what onDisconnect saw. */
    @GET
    @Path("/request-scope")
    public Map<String, List<String>> requestScope() {
        return Map.of("ended", probe.requestsEnded(), "disconnects", probe.disconnectVisits());
    }

    /**
     * Every live thread named {@code channelbox-*} in the server's JVM, with its id (unique for the
     * life of the JVM): a thread that outlives its deployment keeps its id, so a test can tell it
     * from the next deployment's threads.
     */
    @GET
    @Path("/threads")
    public List<Map<String, Object>> threads() {
        List<Map<String, Object>> threads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("channelbox-")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.getName());
                m.put("id", t.getId());
                threads.add(m);
            }
        }
        return threads;
    }

    /**
     * {@code threads} plain threads each send {@code messages} JSON messages to one channel at once
     * ({@code {"thread":t,"seq":i}}); the answer counts the send statuses. Open Liberty fails a second
     * async send while one is in flight; the outbox must make that invisible.
     */
    @POST
    @Path("/blast/{channel}")
    public Map<SendStatus, Integer> blast(@PathParam("channel") String channel,
                                          @QueryParam("threads") @DefaultValue("20") int threads,
                                          @QueryParam("messages") @DefaultValue("50") int messages)
            throws InterruptedException {
        Map<SendStatus, Integer> statuses = new EnumMap<>(SendStatus.class);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < messages; i++) {
                    SendStatus s = box.sendTo(channel, Map.of("thread", thread, "seq", i));
                    synchronized (statuses) {
                        statuses.merge(s, 1, Integer::sum);
                    }
                }
            }, "it-blast-" + t);
            sender.start();
            senders.add(sender);
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        synchronized (statuses) {
            return new EnumMap<>(statuses);
        }
    }
}

package dev.channelbox.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the library's own threads come from: the container's managed thread factory when there is
 * one (Jakarta Concurrency's {@code java:comp/DefaultManagedThreadFactory}: its threads carry the
 * application's naming context and class loader, and the container knows them), else plain daemon
 * threads. Either way they are named {@code channelbox-<what>-N}.
 */
final class Threads {

    private static final Logger LOG = Logger.getLogger(Threads.class.getName());

    /** Plain daemon threads: standalone, or a container without Jakarta Concurrency. */
    static final Threads OWN = new Threads(null);

    private final ThreadFactory container;

    /** @param container the container's managed thread factory; {@code null}: our own threads */
    Threads(ThreadFactory container) {
        this.container = container;
    }

    /** Whether the threads are the container's. */
    boolean managed() {
        return container != null;
    }

    /** Threads named {@code name-N}, from the container's factory or our own daemon threads. */
    ThreadFactory factory(String name) {
        if (container == null) {
            return own(name);
        }
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = container.newThread(r);
            if (t == null) {
                return null; // the factory refuses (the application is stopping): the executor rejects the task
            }
            try {
                t.setName(name + "-" + n.incrementAndGet());
            } catch (SecurityException e) {
                LOG.log(Level.FINE, "ChannelBox: the container keeps its thread's name", e);
            }
            return t;
        };
    }

    /** Daemon threads named {@code name-N}: they never keep a JVM alive. */
    static ThreadFactory own(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

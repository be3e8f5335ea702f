package dev.channelbox.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the library's own threads. */
final class Threads {

    private Threads() {
    }

    /**
     * Daemon threads named {@code name-N}: they never keep a JVM alive.
     * (A Jakarta EE container's managed thread factory is the better choice there; see the
     * container integration.)
     */
    static ThreadFactory factory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

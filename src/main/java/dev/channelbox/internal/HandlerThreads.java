package dev.channelbox.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Where route handlers run. A handler blocks in {@code receive*} for the whole life of its
 * connection, so it must not hold a platform thread per connection where it can be avoided: on
 * Java 21+ each handler gets a virtual thread; on 17-20 they share a pool of at most
 * {@code handlerThreads} platform threads, and a connection that finds it full is closed with 1013
 * (try again later) rather than queued behind handlers that may never finish.
 *
 * <p>On the pool, one client address may hold at most {@code handlerThreadShare} of it: otherwise
 * a few hundred idle connections from one client would leave every other client with 1013. A
 * handler's slot is taken before its thread starts and given back when the handler method returns
 * (not when the connection closes: a handler that ignores the close still holds its thread). With
 * virtual threads nothing shared runs out (an idle handler costs its stack, a few KB), so there is
 * no share; connections per address are bounded there by {@code maxConnectionsPerAddress}.
 *
 * <p>Threads: {@link #start} on the container's threads (inside {@code onOpen}), the release on the
 * handler's own thread as it ends; the counts live in {@link AddressSlots}, changed atomically.
 */
final class HandlerThreads implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HandlerThreads.class.getName());

    /** What {@link #start} did. */
    enum Start { STARTED, POOL_FULL, ADDRESS_FULL, STOPPED }

    private final ExecutorService executor;
    private final boolean virtual;
    private final int perAddress; // platform pool only
    private final AddressSlots slots = new AddressSlots();

    HandlerThreads(int maxPlatformThreads, double sharePerAddress) {
        this(maxPlatformThreads, sharePerAddress, Threads.OWN, true);
    }

    /**
     * @param threads      where platform threads come from (the container's managed ones, if any)
     * @param allowVirtual false: the platform pool even on Java 21+ (tests of the pool on any JVM); a
     *                     container's managed threads are platform threads, so they never are virtual
     */
    HandlerThreads(int maxPlatformThreads, double sharePerAddress, Threads threads, boolean allowVirtual) {
        ExecutorService v = allowVirtual && !threads.managed() ? virtualThreadExecutor() : null;
        if (v != null) {
            executor = v;
            virtual = true;
        } else {
            executor = new ThreadPoolExecutor(0, maxPlatformThreads, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), threads.factory("channelbox-handler"));
            virtual = false;
        }
        perAddress = Math.max(1, (int) (maxPlatformThreads * sharePerAddress));
    }

    /**
     * Runs {@code handler} on its own thread, counted against {@code address} on the platform pool
     * (an empty address, where the runtime does not tell it, is not counted).
     */
    Start start(String address, Runnable handler) {
        boolean counted = !virtual && !address.isEmpty();
        if (counted && !slots.tryTake(address, perAddress)) {
            return Start.ADDRESS_FULL;
        }
        try {
            executor.execute(counted ? () -> {
                try {
                    handler.run();
                } finally {
                    slots.release(address);
                }
            } : handler);
            return Start.STARTED;
        } catch (RejectedExecutionException busy) {
            if (counted) {
                slots.release(address);
            }
            return executor.isShutdown() ? Start.STOPPED : Start.POOL_FULL;
        }
    }

    /** Handler threads one address may hold on the platform pool. */
    int perAddress() {
        return perAddress;
    }

    /** Handler threads {@code address} holds now (platform pool; 0 with virtual threads). */
    int heldBy(String address) {
        return slots.taken(address);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    // Compiled for Java 17: reach the Java 21 API reflectively.
    private static ExecutorService virtualThreadExecutor() {
        try {
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderClass.getMethod("name", String.class, long.class).invoke(builder, "channelbox-handler-", 1L);
            Object factory = builderClass.getMethod("factory").invoke(builder);
            Method perTask = java.util.concurrent.Executors.class
                    .getMethod("newThreadPerTaskExecutor", java.util.concurrent.ThreadFactory.class);
            return (ExecutorService) perTask.invoke(null, factory);
        } catch (ReflectiveOperationException | RuntimeException notAvailable) {
            LOG.fine("ChannelBox: no virtual threads on this JVM; route handlers use a bounded pool");
            return null;
        }
    }
}

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
 */
final class HandlerThreads implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HandlerThreads.class.getName());

    private final ExecutorService executor;
    private final boolean virtual;

    HandlerThreads(int maxPlatformThreads) {
        ExecutorService v = virtualThreadExecutor();
        if (v != null) {
            executor = v;
            virtual = true;
        } else {
            executor = new ThreadPoolExecutor(0, maxPlatformThreads, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), Threads.factory("channelbox-handler"));
            virtual = false;
        }
    }

    /** @throws RejectedExecutionException when every platform thread is busy */
    void start(Runnable handler) {
        executor.execute(handler);
    }

    boolean isVirtual() {
        return virtual;
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

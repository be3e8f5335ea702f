package dev.channelbox.standalone;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scheduler the embedded server's Tyrus sessions get, minus the idle checks Tyrus asks for when a
 * session has no idle timeout.
 *
 * <p>Tyrus 2.1 restarts a session's idle timeout at every message, ping and pong it receives, every
 * message sent through the standard API and once when the session opens: it schedules its check
 * with the session's idle timeout as delay, even where there is none (0, the default: our heartbeat
 * bounds idle connections instead), and such a check, run at once on a scheduler thread, does
 * nothing: a thread wake-up per message for nothing. Those checks are not scheduled here (Tyrus gets
 * a future that is done); every other task, and a check with a delay (a route's {@code idleTimeout}),
 * goes to the wrapped scheduler.
 *
 * <p>Not done in the containers: on Payara the same checks go through the server's managed executor,
 * a class-path scan per task, and that cost is what keeps a client flooding pings slow enough for the
 * heartbeat to close it there; with the checks gone, such a connection was still open after a minute
 * (open work).
 *
 * <p>Any thread: it keeps no state but the scheduler it wraps.
 */
final class NoIdleChecks implements ScheduledExecutorService {

    /** Tyrus's idle-timeout task (private to TyrusSession): a no-op when the session has no timeout. */
    private static final String IDLE_CHECK = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";

    private final ScheduledExecutorService scheduler;

    NoIdleChecks(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (delay <= 0 && command.getClass().getName().equals(IDLE_CHECK)) {
            return NOT_SCHEDULED;
        }
        return scheduler.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return scheduler.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return scheduler.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduler.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        scheduler.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return scheduler.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return scheduler.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return scheduler.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return scheduler.awaitTermination(timeout, unit);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return scheduler.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return scheduler.submit(task, result);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return scheduler.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return scheduler.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return scheduler.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return scheduler.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return scheduler.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void execute(Runnable command) {
        scheduler.execute(command);
    }

    /** What Tyrus gets for an idle check with no timeout: done, nothing to cancel. */
    private static final ScheduledFuture<Object> NOT_SCHEDULED = new ScheduledFuture<>() {
        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    };
}

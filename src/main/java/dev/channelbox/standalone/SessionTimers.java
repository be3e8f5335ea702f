package dev.channelbox.standalone;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler the embedded server's Tyrus sessions run their idle timeouts on (Tyrus's own is a
 * pool of ten threads that keeps a cancelled task until it would have run: one per message under a
 * timeout), minus the checks Tyrus asks for when a session has no idle timeout.
 *
 * <p>Tyrus 2.1 restarts a session's idle timeout at every message, ping and pong it receives, every
 * message sent through the standard API and once when the session opens: it schedules its check
 * with the session's idle timeout as delay, even where there is none (0, the default: our heartbeat
 * bounds idle connections instead), and such a check, run at once on a scheduler thread, does
 * nothing: a thread wake-up per message for nothing. Those checks are not scheduled here (Tyrus gets
 * a future that is done); a check with a delay (a route's {@code idleTimeout}) is scheduled as any
 * task, and leaves the queue at once when cancelled.
 *
 * <p>Not done in the containers: on Payara the same checks go through the server's managed executor,
 * a class-path scan per task, and that cost is what keeps a client flooding pings slow enough for the
 * heartbeat to close it there; with the checks gone, such a connection was still open after a minute
 * (open work).
 *
 * <p>Threads: its one thread runs the timeouts that expire; {@link #schedule} runs on whatever thread
 * Tyrus calls it from.
 */
final class SessionTimers extends ScheduledThreadPoolExecutor {

    /** Tyrus's idle-timeout task (private to TyrusSession): a no-op when the session has no timeout. */
    private static final String IDLE_CHECK = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";

    SessionTimers() {
        super(1, r -> {
            Thread t = new Thread(r, "channelbox-session-timeouts");
            t.setDaemon(true);
            return t;
        });
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (delay <= 0 && command.getClass().getName().equals(IDLE_CHECK)) {
            return NOT_SCHEDULED;
        }
        return super.schedule(command, delay, unit);
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

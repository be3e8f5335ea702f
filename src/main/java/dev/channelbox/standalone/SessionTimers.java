package dev.channelbox.standalone;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler Tyrus's sessions run their idle timeouts on (Tyrus's own is a pool of ten threads,
 * which keeps cancelled tasks).
 *
 * <p>Tyrus 2.1 restarts a session's idle timeout on every message, ping and pong it receives, every
 * message sent through the standard API, and once when the session opens: it cancels the last task
 * and schedules a new one, with the session's idle timeout as delay, even where there is none (0, the
 * default: ChannelBox's heartbeat bounds idle connections instead). A task scheduled with no delay
 * runs at once on a scheduler thread and, with no timeout, does nothing: one thread wake-up per
 * message for nothing. Those tasks are not scheduled here (Tyrus gets a future that is done); with a
 * timeout (a route's {@code idleTimeout}), the delay is that timeout and the task is scheduled as
 * before. A cancelled task leaves the queue at once, so a connection that receives many messages
 * under a long timeout does not leave a cancelled task per message behind it until the timeout.
 *
 * <p>Threads: the one timer thread runs the timeouts that expire; {@link #schedule} runs on whatever
 * thread Tyrus calls it from.
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

package dev.channelbox.internal;

import dev.channelbox.WebSocketDisconnect;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a route handler has not received yet: whole messages ({@code String} or {@code byte[]}),
 * bounded in messages and in bytes, and after the close a marker that makes every later receive throw
 * {@link WebSocketDisconnect}.
 *
 * <p>Threads: the container's thread offers (one message at a time per session, so its
 * check-then-add cannot overshoot) and marks the close; the handler's thread takes. The deque is
 * thread-safe; the byte count is an {@link AtomicLong}, added by the offer and given back by the take.
 */
final class InboundQueue {

    /** Put in the queue when the connection closed: every later receive throws. */
    private record Closed(int code, String reason) {
    }

    private final LinkedBlockingDeque<Object> messages = new LinkedBlockingDeque<>();
    private final int maxMessages;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();

    InboundQueue(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /**
     * Queues {@code message}; false (and nothing queued) when the queue is full. An empty queue always
     * takes one message (up to the route's size limit), so a byte bound below it cannot make a route
     * unusable.
     */
    boolean offer(Object message) {
        long size = sizeOf(message);
        long queued = bytes.get();
        if (messages.size() >= maxMessages || (queued > 0 && queued + size > maxBytes)) {
            return false;
        }
        bytes.addAndGet(size);
        messages.addLast(message);
        return true;
    }

    /** The next message, waiting for one. */
    Object take() {
        Object m;
        try {
            m = messages.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebSocketDisconnect(1001, "server shutting down");
        }
        if (m instanceof Closed c) {
            messages.addFirst(c); // every later receive throws too
            throw new WebSocketDisconnect(c.code(), c.reason());
        }
        bytes.addAndGet(-sizeOf(m));
        return m;
    }

    /** The connection closed (container thread): receives after what is queued throw. */
    void closed(int code, String reason) {
        messages.addLast(new Closed(code, reason));
    }

    /** For the log: messages and bytes waiting. */
    @Override
    public String toString() {
        return messages.size() + " unread messages (" + bytes.get() + " bytes)";
    }

    /** Memory an unread message holds: a Java string up to 2 bytes a character. */
    private static long sizeOf(Object message) {
        return message instanceof String text ? 2L * text.length() : ((byte[]) message).length;
    }
}

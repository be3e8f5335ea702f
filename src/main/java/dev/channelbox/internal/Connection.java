package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.DeliveryProblem;
import dev.channelbox.PayloadType;
import dev.channelbox.RateLimitAction;
import dev.channelbox.SendStatus;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketDisconnect;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.lang.reflect.Type;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket connection: the {@link WebSocket} users see, its outbox, and (for route handlers)
 * the queue of messages the handler has not received yet.
 *
 * <p>Threads: the container's threads deliver inbound messages and the close; the handler thread
 * (handlers) or the container thread (consumers) runs user code; any thread may send. State shared
 * between them is volatile or lives in thread-safe objects ({@link Outbox}, the inbound deque).
 */
final class Connection implements WebSocket {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    /** Put in the inbound queue when the connection closed: every later receive throws. */
    private record Closed(int code, String reason) {
    }

    private final String id = UUID.randomUUID().toString();
    private final Session session;
    private final Route route;
    private final ChannelBoxRuntime runtime;
    private final Outbox outbox;
    private final HandshakeData handshake;
    private final String queryString;
    private final Map<String, String> queryParams;
    private final Map<String, String> pathParams;
    private final LinkedBlockingDeque<Object> inbound; // handler routes only, else null
    private final int inboundLimit;
    private final long inboundByteLimit;
    // bytes in the inbound queue: added by the container thread delivering (one at a time per session,
    // so its check-then-add cannot overshoot), subtracted by the handler thread taking
    private final AtomicLong inboundBytes = new AtomicLong();

    private final long sendTimeoutNanos;
    private final TyrusWire wire; // null: the standard async API
    private final TokenBucket rateLimit; // null: unlimited
    private final RateLimitAction rateLimitAction;
    private volatile boolean countedPerAddress;

    private final AtomicBoolean closeRequested = new AtomicBoolean();
    // Heartbeat. pingNonce and lastAlive: written by the sweeper (a new ping) and the container's
    // thread (a matching pong); pingWrittenAt: by whichever thread completes the ping's write. Only
    // a pong carrying the nonce proves the peer reads what we send: a data message does not (a client
    // that floods pings and never reads can send one now and then), nor does a blind pong.
    private volatile long lastAlive = System.nanoTime(); // opened, or the last matching pong
    private volatile long pingNonce;                     // 0: no ping outstanding
    private volatile long pingWrittenAt;                 // 0: the outstanding ping is not written yet
    private long nonceCounter = UUID.randomUUID().getMostSignificantBits(); // sweeper thread only
    private volatile long abortedAt;                        // when we dropped the connection ourselves
    private final AtomicInteger reported = new AtomicInteger(); // DeliveryProblem kinds already reported (bits)
    private volatile RouteSession routeSession;
    private volatile boolean accepted;
    private volatile boolean open = true;
    private volatile ChannelImpl channel;
    private volatile long lastActivity = System.nanoTime();
    // consumers: the channel to create on accept (set before onConnect by the opening thread)
    private volatile PayloadType autoChannelType;
    private volatile Duration autoChannelExpires;

    Connection(Session session, Route route, ChannelBoxRuntime runtime, HandshakeData handshake) {
        this.session = session;
        this.route = route;
        this.runtime = runtime;
        this.handshake = handshake;
        var config = runtime.configFor(route);
        // Before the outbox, which asks whether writes are raw. Not with an idle timeout: Tyrus resets
        // its idle timer only in its own send path, so raw writes would let it close busy members.
        this.wire = config.idleTimeout().isZero() ? RawWrites.forSession(session) : null;
        this.outbox = new Outbox(new SessionSink(), config.outboxMaxMessages(), config.outboxMaxBytes(),
                config.overflowPolicy(), System::nanoTime);
        this.sendTimeoutNanos = config.sendTimeout().toNanos();
        this.rateLimit = config.rateLimit() > 0
                ? new TokenBucket(config.rateLimit(), config.rateBurst(), System.nanoTime()) : null;
        this.rateLimitAction = config.rateLimitAction();
        String q = session.getQueryString();
        this.queryString = q == null ? "" : q;
        this.queryParams = QueryString.parse(queryString);
        this.pathParams = Map.copyOf(session.getPathParameters());
        this.inbound = route.kind() == Route.Kind.HANDLER ? new LinkedBlockingDeque<>() : null;
        this.inboundLimit = config.handlerQueueMessages();
        this.inboundByteLimit = config.handlerQueueBytes();
    }

    // ---------------------------------------------------------------- WebSocket

    @Override
    public void accept() {
        synchronized (this) {
            if (accepted) {
                return; // idempotent
            }
            // Also when the peer has already gone (a client that connects and drops at once): the
            // user's code then meets a closed connection (CLOSED sends, WebSocketDisconnect on
            // receive), not an "accept first" error for a race it cannot see.
            accepted = true;
            if (autoChannelType != null) {
                channel = new ChannelImpl(this, autoChannelType, autoChannelExpires);
            }
        }
    }

    @Override
    public boolean isAccepted() {
        return accepted;
    }

    @Override
    public boolean isConnected() {
        return accepted && open && !closeRequested.get();
    }

    @Override
    public String receiveText() {
        Object m = take();
        if (m instanceof String s) {
            return s;
        }
        throw wrongFrame("expected a text message");
    }

    @Override
    public byte[] receiveBytes() {
        Object m = take();
        if (m instanceof byte[] b) {
            return b;
        }
        throw wrongFrame("expected a binary message");
    }

    @Override
    public <T> T receiveJson(Class<T> type) {
        return runtime.codec().fromJson(receiveText(), type);
    }

    @Override
    public <T> T receiveJson(Type type) {
        return runtime.codec().fromJson(receiveText(), type);
    }

    @Override
    public SendStatus sendText(String text) {
        return offer(Frame.Text.of(requireSendable(text, "text")));
    }

    @Override
    public SendStatus sendBytes(byte[] bytes) {
        return offer(new Frame.Binary(ByteBuffer.wrap(requireSendable(bytes, "bytes").clone())));
    }

    @Override
    public SendStatus sendBytes(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(requireSendable(bytes, "bytes").remaining()).put(bytes.duplicate()).flip();
        return offer(new Frame.Binary(copy));
    }

    @Override
    public SendStatus sendJson(Object payload) {
        requireSendable(payload, "payload");
        return offer(runtime.encode(payload).frameFor(PayloadType.JSON));
    }

    @Override
    public void close() {
        close(1000, "");
    }

    @Override
    public void close(int code, String reason) {
        closeOnce(code, reason);
    }

    /** {@link #close(int, String)}, telling whether this call started the close (the first one does). */
    boolean closeOnce(int code, String reason) {
        if (!CloseCodes.isValidToSend(code)) {
            throw new IllegalArgumentException("close code " + code + " cannot be sent: use 1000, 1001-1003, 1007-1014 or 3000-4999");
        }
        if (!closeRequested.compareAndSet(false, true)) {
            return false;
        }
        outbox.close(code, Utf8.truncate(reason, 123));
        return true;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Client client() {
        return handshake.client();
    }

    @Override
    public Map<String, String> headers() {
        return handshake.headers();
    }

    @Override
    public String queryString() {
        return queryString;
    }

    @Override
    public Map<String, String> queryParams() {
        return queryParams;
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public Optional<Principal> principal() {
        Optional<Principal> fromGuard = handshake.verdict().identity();
        return fromGuard.isPresent() ? fromGuard : Optional.ofNullable(session.getUserPrincipal());
    }

    @Override
    public Optional<Channel> channel() {
        return Optional.ofNullable(channel);
    }

    @Override
    public String toString() {
        return "WebSocket[" + id + " " + route.path() + (open ? "" : " closed") + "]";
    }

    // ---------------------------------------------------------------- runtime side

    Route route() {
        return route;
    }

    HandshakeData handshake() {
        return handshake;
    }

    /** Whether this connection counts against its address's connection cap (to release it once). */
    boolean countedPerAddress() {
        return countedPerAddress;
    }

    void countedPerAddress(boolean counted) {
        this.countedPerAddress = counted;
    }

    ChannelBoxRuntime runtime() {
        return runtime;
    }

    Session session() {
        return session;
    }

    /** Open until the container reported the close (a requested close is still open). */
    boolean isOpen() {
        return open;
    }

    long lastActivity() {
        return lastActivity;
    }

    Outbox outbox() {
        return outbox;
    }

    ChannelImpl channelImpl() {
        return channel;
    }

    /** Consumers: a channel of this type is created when the consumer accepts. */
    void createChannelOnAccept(PayloadType type, Duration expires) {
        this.autoChannelType = type;
        this.autoChannelExpires = expires;
    }

    /** Handlers: {@link dev.channelbox.ChannelBox#createChannel}. */
    synchronized ChannelImpl createChannel(PayloadType type, Duration expires) {
        if (!accepted) {
            throw new IllegalStateException("call ws.accept() before creating the channel");
        }
        if (channel != null) {
            throw new IllegalStateException("this connection already has a channel: " + channel.id());
        }
        channel = new ChannelImpl(this, type, expires);
        return channel;
    }

    SendStatus offer(Frame frame) {
        if (!accepted) {
            throw new IllegalStateException("call ws.accept() before sending");
        }
        lastActivity = System.nanoTime();
        return outbox.offer(frame);
    }

    /**
     * An inbound message arrived (container thread): counts as activity and passes the rate limit, or
     * not; then the route's action applies (an error reply, or the close).
     *
     * @return whether the message may be delivered
     */
    boolean admit() {
        touch();
        if (rateLimit == null || rateLimit.tryTake(System.nanoTime())) {
            return true;
        }
        if (rateLimitAction == RateLimitAction.CLOSE) {
            closeOnce(1008, "rate limit exceeded");
        } else if (accepted) {
            outbox.offer(RATE_LIMITED);
        }
        return false;
    }

    private static final Frame RATE_LIMITED = Frame.Text.of("{\"type\":\"error\",\"message\":\"rate limit exceeded\"}");

    /** An inbound message for a handler (container thread). */
    void deliver(Object message) {
        if (!admit()) {
            return;
        }
        long size = inboundSize(message);
        long queuedBytes = inboundBytes.get();
        // an empty queue always takes one message (up to maxMessageSize), so a limit below it cannot
        // make a route unusable
        if (inbound.size() >= inboundLimit || (queuedBytes > 0 && queuedBytes + size > inboundByteLimit)) {
            LOG.warning(() -> "ChannelBox: handler " + route.source() + " is not receiving; closing " + id
                    + " after " + inbound.size() + " unread messages (" + queuedBytes + " bytes)");
            close(1008, "too many unread messages");
            return;
        }
        inboundBytes.addAndGet(size);
        inbound.addLast(message);
    }

    /** Memory an unread message holds: a Java string up to 2 bytes a character. */
    private static long inboundSize(Object message) {
        return message instanceof String text ? 2L * text.length() : ((byte[]) message).length;
    }

    /**
     * Registers the handlers of inbound messages (on {@code onOpen}'s thread): each whole message
     * within the route's limit goes to {@code text} or {@code binary}, on the container's thread; one
     * over it closes the connection with 1009 instead ({@link InboundParts}).
     */
    void receiveMessages(Consumer<String> text, Consumer<ByteBuffer> binary) {
        int limit = runtime.configFor(route).maxMessageSize();
        InboundParts parts = new InboundParts(limit, text, binary,
                () -> close(InboundLimit.CODE, InboundLimit.reason(limit)));
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) parts::text);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) parts::binary);
    }

    /** Inbound traffic: the channel is active. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    /**
     * A pong arrived (container thread). It answers our ping if it carries the ping's nonce: the peer
     * is alive and reads. Other pongs (unsolicited ones are allowed by RFC 6455) prove nothing. Pongs
     * are not channel activity.
     */
    void pong(ByteBuffer payload) {
        long nonce = pingNonce;
        if (nonce != 0 && payload != null && payload.remaining() == Long.BYTES
                && payload.getLong(payload.position()) == nonce) {
            lastAlive = System.nanoTime();
            pingWrittenAt = 0;
            pingNonce = 0;
        }
    }

    /** Our ping's write completed (any thread): its pong is due within the heartbeat timeout from now. */
    private void pingWritten(Frame.Ping ping) {
        ByteBuffer p = ping.payload();
        if (p.remaining() == Long.BYTES && p.getLong(p.position()) == pingNonce) {
            pingWrittenAt = System.nanoTime();
        }
    }

    void routeSession(RouteSession routeSession) {
        this.routeSession = routeSession;
    }

    long sendTimeoutNanos() {
        return sendTimeoutNanos;
    }

    /**
     * The sweeper's heartbeat step: pings a peer whose last pong is {@code interval} old (the ping
     * jumps the queued data, see {@link Outbox}); a peer that has not answered {@code timeout} after
     * the ping was written is gone, and the connection is dropped. A ping whose write does not
     * complete is the send timeout's case ({@link Outbox#abortIfStuck}), not this one: a slow reader
     * behind queued data is not taken for a dead one.
     *
     * @return whether the connection was dropped
     */
    boolean heartbeat(long now, long interval, long timeout) {
        if (!accepted || !open || closeRequested.get()) {
            return false;
        }
        if (pingNonce != 0) {
            long written = pingWrittenAt;
            if (written != 0 && now - written > timeout) {
                abort(1001, "heartbeat timeout", DeliveryProblem.Kind.HEARTBEAT_TIMEOUT,
                        "no pong within " + timeout / 1_000_000 + " ms of a ping");
                return true;
            }
            return false;
        }
        if (now - lastAlive > interval) {
            long nonce = ++nonceCounter == 0 ? ++nonceCounter : nonceCounter;
            pingWrittenAt = 0;
            pingNonce = nonce; // before the offer: an idle outbox may complete the write inline
            outbox.offer(new Frame.Ping(ByteBuffer.allocate(Long.BYTES).putLong(0, nonce).asReadOnlyBuffer()));
        }
        return false;
    }

    /**
     * We dropped the connection (overflow, stuck write, dead peer): close it without flushing. The
     * container reports the close to the endpoint, which releases the channel; if it has not done so
     * by {@link #releaseIfAbandoned}, the sweeper releases it itself.
     */
    private void abort(int code, String reason, DeliveryProblem.Kind kind, String detail) {
        if (abortedAt == 0) {
            abortedAt = System.nanoTime();
        }
        closeRequested.set(true);
        outbox.terminate();
        runtime.report(this, kind, detail);
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: closing " + id, e);
        }
    }

    /**
     * For a dropped connection whose close the container has not reported after {@code grace}: runs
     * the close path here (the peer is gone, no other callback will come for it).
     */
    void releaseIfAbandoned(long now, long grace) {
        long at = abortedAt;
        RouteSession rs = routeSession;
        if (at != 0 && open && now - at > grace && rs != null) {
            LOG.fine(() -> "ChannelBox: the container did not report the close of " + id + "; releasing it");
            rs.closed(1006, "connection dropped");
        }
    }

    /** Shutdown: the connection did not close in time; close it now without flushing and release it. */
    void drop() {
        closeRequested.set(true);
        outbox.terminate();
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server closing"));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: closing " + id, e);
        }
        RouteSession rs = routeSession;
        if (rs != null && open) {
            rs.closed(1006, "server closing");
        }
        runtime.release(this);
    }

    /** Reports a problem kind once per connection; true the first time. */
    boolean firstReport(DeliveryProblem.Kind kind) {
        int bit = 1 << kind.ordinal();
        return (reported.getAndUpdate(r -> r | bit) & bit) == 0;
    }

    /** The container reported the close (container thread). Idempotent. */
    void markClosed(int code, String reason) {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        closeRequested.set(true);
        outbox.terminate();
        if (inbound != null) {
            inbound.addLast(new Closed(code, reason));
        }
    }

    private Object take() {
        if (inbound == null) {
            throw new IllegalStateException("a consumer receives messages in onReceive, not with receive*()");
        }
        if (!accepted) {
            throw new IllegalStateException("call ws.accept() before receiving");
        }
        Object m;
        try {
            m = inbound.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebSocketDisconnect(1001, "server shutting down");
        }
        if (m instanceof Closed c) {
            inbound.addFirst(c); // every later receive throws too
            throw new WebSocketDisconnect(c.code(), c.reason());
        }
        inboundBytes.addAndGet(-inboundSize(m));
        return m;
    }

    private WebSocketDisconnect wrongFrame(String reason) {
        close(1003, reason);
        return new WebSocketDisconnect(1003, reason);
    }

    private static <T> T requireSendable(T value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " must not be null");
        }
        return value;
    }

    /** The outbox's writes, on the container's async remote. */
    private final class SessionSink implements Outbox.Sink {

        /** A writable copy of a shared (read-only) buffer's remaining bytes; see the comment in write. */
        private static ByteBuffer writable(ByteBuffer shared) {
            ByteBuffer view = shared.duplicate();
            return ByteBuffer.allocate(view.remaining()).put(view).flip();
        }

        @Override
        public void write(Frame frame, Outbox.Completion done) {
            if (wire != null && frame instanceof Frame.Data data) {
                wire.write(data, done);
                return;
            }
            if (wire != null && frame instanceof Frame.Ping p) {
                // raw, for its completion: the pong deadline starts when the ping reached the socket
                wire.write(p, ok -> {
                    if (ok) {
                        pingWritten(p);
                    }
                    done.done(ok);
                });
                return;
            }
            var remote = session.getAsyncRemote();
            if (frame instanceof Frame.Text t) {
                remote.sendText(t.text(), result -> done.done(result.isOK()));
            } else if (frame instanceof Frame.Binary b) {
                // Writable copies, not the shared read-only buffers: Open Liberty 25 copies a heap buffer
                // through ByteBuffer.arrayOffset(), which a read-only buffer refuses
                // (ReadOnlyBufferException in its TCP channel); the write then never completes.
                remote.sendBinary(writable(b.bytes()), result -> done.done(result.isOK()));
            } else if (frame instanceof Frame.Ping p) {
                boolean ok;
                try {
                    // No completion callback in the API: the ping counts as written once the container
                    // took it. A write that is stuck behind it is still caught by the send timeout.
                    remote.sendPing(writable(p.payload()));
                    ok = true;
                    pingWritten(p);
                } catch (IOException | RuntimeException e) {
                    ok = false;
                }
                done.done(ok);
            }
        }

        @Override
        public void close(int code, String reason) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "ChannelBox: closing " + id, e);
            }
        }

        @Override
        public void abort(int code, String reason) {
            boolean timeout = Outbox.SEND_TIMEOUT_REASON.equals(reason);
            var config = runtime.configFor(route);
            Connection.this.abort(code, reason,
                    timeout ? DeliveryProblem.Kind.SEND_TIMEOUT : DeliveryProblem.Kind.OUTBOX_OVERFLOW,
                    timeout ? "a write stayed in flight longer than " + config.sendTimeout().toMillis() + " ms"
                            : Outbox.CONTROL_OVERFLOW_REASON.equals(reason)
                            ? "more than " + Outbox.MAX_CONTROL_FRAMES + " control frames waiting behind a write"
                            : "outbox full (" + config.outboxMaxMessages() + " messages / " + config.outboxMaxBytes() + " bytes)");
        }

        @Override
        public void dropped(long count) {
            runtime.dropped(Connection.this, count);
        }

        @Override
        public boolean writesRaw() {
            return wire != null;
        }
    }
}

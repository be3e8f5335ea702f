package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.DeliveryProblem;
import dev.channelbox.PayloadType;
import dev.channelbox.Position;
import dev.channelbox.RateLimitAction;
import dev.channelbox.SendStatus;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketDisconnect;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket connection: the {@link WebSocket} users see (API translation and request data in
 * {@link WebSocketFacade}), its state from accept to close, its {@link Outbox} (written through a
 * {@link ContainerSink}), its {@link Heartbeat}, and for route handlers the {@link InboundQueue} of
 * messages not received yet.
 *
 * <p>Threads: the container's threads deliver inbound messages and the close; the handler thread
 * (handlers) or the container thread (consumers) runs user code; the sweeper runs the heartbeat and
 * timeouts; any thread may send. Lock rule: every mutable field is volatile or atomic and written as a
 * whole, except the two transitions that read and write several at once (accept with its channel, and
 * open to closed), which hold the private {@code lock}; never {@code this}, which users hold as their
 * WebSocket. The helpers each state their own rule.
 */
final class Connection extends WebSocketFacade {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final Session session;
    private final Route route;
    private final ChannelBoxRuntime runtime;
    private final Outbox outbox;
    private final HandshakeData handshake;
    private final InboundQueue inbound; // handler routes only, else null
    private final long sendTimeoutNanos;
    private final TokenBucket rateLimit; // null: unlimited
    private final RateLimitAction rateLimitAction;
    private volatile boolean countedPerAddress;

    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final Ticker ticker;
    private final Heartbeat heartbeat;
    /** Guards accepted-and-channel and open-to-closed transitions (never {@code this}: users hold it as their WebSocket). */
    private final Object lock = new Object();
    private volatile long closingSince;                     // when we dropped it, or handed the container our close
    private final Runnable transportCloser;                 // null: none we can reach (TyrusInternals.transportCloser)
    private final AtomicInteger reported = new AtomicInteger(); // DeliveryProblem kinds already reported (bits)
    private volatile RouteSession routeSession;
    private volatile boolean accepted;
    private volatile boolean open = true;
    private volatile ChannelImpl channel;
    private volatile long lastActivity;
    // consumers: the channel to create on accept (set before onConnect by the opening thread)
    private volatile PayloadType autoChannelType;
    private volatile Duration autoChannelExpires;
    /** Positioned routes: what the client asked to recover (else null). */
    private final RecoveryRequests recoveries;

    Connection(Session session, Route route, ChannelBoxRuntime runtime, HandshakeData handshake) {
        super(runtime.newConnectionId(), session, handshake);
        this.session = session;
        this.route = route;
        this.runtime = runtime;
        this.handshake = handshake;
        this.ticker = runtime.ticker();
        this.heartbeat = new Heartbeat(ticker.nanoTime());
        this.lastActivity = ticker.nanoTime();
        var config = runtime.configFor(route);
        // Before the outbox, which asks whether writes are raw. Not with an idle timeout: Tyrus resets
        // its idle timer only in its own send path, so raw writes would let it close busy members.
        TyrusWire wire = config.idleTimeout().isZero() ? RawWrites.forSession(session, runtime.transportWriters()) : null;
        this.outbox = new Outbox(new ContainerSink(this, wire), config.outboxMaxMessages(), config.outboxMaxBytes(),
                config.overflowPolicy(), ticker::nanoTime);
        this.sendTimeoutNanos = config.sendTimeout().toNanos();
        this.rateLimit = config.rateLimit() > 0
                ? new TokenBucket(config.rateLimit(), config.rateBurst(), ticker.nanoTime()) : null;
        this.rateLimitAction = config.rateLimitAction();
        this.inbound = route.kind() == Route.Kind.HANDLER
                ? new InboundQueue(config.handlerQueueMessages(), config.handlerQueueBytes()) : null;
        this.recoveries = route.settings().positioned() ? RecoveryRequests.fromQuery(session.getQueryString()) : null;
        this.transportCloser = TyrusInternals.transportCloser(session); // now: after a close the way may be gone
    }

    /**
     * Closes the socket under the connection without a closing handshake, where the runtime lets us
     * (idempotent); false where it does not (Open Liberty, which drops a peer that does not read itself).
     */
    boolean closeTransport() {
        if (transportCloser == null) {
            return false;
        }
        transportCloser.run();
        return true;
    }

    // ---------------------------------------------------------------- WebSocket

    @Override
    public void accept() {
        ChannelImpl created;
        synchronized (lock) {
            if (accepted) {
                return; // idempotent
            }
            // Also when the peer has already gone (a client that connects and drops at once): the
            // user's code then meets a closed connection (CLOSED sends, WebSocketDisconnect on
            // receive), not an "accept first" error for a race it cannot see.
            accepted = true;
            if (recoveries != null) {
                recoveries.takeProblems().forEach(problem -> outbox.offer(Envelopes.error(problem)));
            }
            if (autoChannelType == null) {
                return;
            }
            channel = created = new ChannelImpl(this, autoChannelType, autoChannelExpires);
        }
        runtime.channelCreated(created);
    }

    @Override
    public boolean isAccepted() {
        return accepted;
    }

    @Override
    public boolean isConnected() {
        return accepted && open && !closeRequested.get();
    }

    /** {@link #close(int, String)}, telling whether this call started the close (the first one does). */
    @Override
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
    public Optional<Channel> channel() {
        return Optional.ofNullable(channel);
    }

    @Override
    public String toString() {
        return "WebSocket[" + id() + " " + route.path() + (open ? "" : " closed") + "]";
    }

    // ---------------------------------------------------------------- runtime side

    @Override
    JsonCodec codec() {
        return runtime.codec();
    }

    @Override
    OutboundMessage encode(Object payload) {
        return runtime.encode(payload);
    }

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
    ChannelImpl createChannel(PayloadType type, Duration expires) {
        ChannelImpl created;
        synchronized (lock) {
            if (!accepted) {
                throw new IllegalStateException("call ws.accept() before creating the channel");
            }
            if (channel != null) {
                throw new IllegalStateException("this connection already has a channel: " + channel.id());
            }
            channel = created = new ChannelImpl(this, type, expires);
        }
        runtime.channelCreated(created);
        return created;
    }

    @Override
    SendStatus offer(Frame frame) {
        if (!accepted) {
            throw new IllegalStateException("call ws.accept() before sending");
        }
        lastActivity = ticker.nanoTime();
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
        runtime.counters().messageIn();
        if (rateLimit == null || rateLimit.tryTake(ticker.nanoTime())) {
            return true;
        }
        runtime.counters().rateLimited();
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
        if (!inbound.offer(message)) {
            LOG.warning(() -> "ChannelBox: handler " + route.source() + " is not receiving; closing " + id()
                    + " after " + inbound);
            close(1008, "too many unread messages");
        }
    }

    /**
     * Registers the handlers of inbound messages (on {@code onOpen}'s thread): each whole message
     * within the route's limit goes to {@code text} or {@code binary}, on the container's thread; one
     * over it closes the connection with 1009 instead ({@link InboundParts}).
     */
    void receiveMessages(Consumer<String> text, Consumer<ByteBuffer> binary) {
        int limit = runtime.configFor(route).maxMessageSize();
        Consumer<String> texts = recoveries == null ? text : t -> {
            if (!t.startsWith(Envelopes.PREFIX)) {
                text.accept(t);
            } else if (admit()) {
                control(t);
            }
        };
        InboundParts parts = new InboundParts(limit, texts, binary,
                () -> close(InboundLimit.CODE, InboundLimit.reason(limit)));
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) parts::text);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) parts::binary);
    }

    /** A positioned route's client sent a control message (container thread): answered here, never passed on. */
    private void control(String text) {
        ChannelImpl c = channel;
        String problem = recoveries.askByMessage(text, runtime.codec(), g -> c != null && c.memberOf().contains(g));
        if (problem != null && accepted) {
            outbox.offer(Envelopes.error(problem));
        }
    }

    /** What the client of a positioned route asked to recover in the group, once; else null. */
    Position takeRecoveryRequest(String group) {
        return recoveries == null ? null : recoveries.take(group);
    }

    /** Inbound traffic: the channel is active. */
    void touch() {
        lastActivity = ticker.nanoTime();
    }

    /** A pong arrived (container thread): see {@link Heartbeat#pong}. Pongs are not channel activity. */
    void pong(ByteBuffer payload) {
        heartbeat.pong(payload, ticker.nanoTime());
    }

    Heartbeat heartbeat() {
        return heartbeat;
    }

    void routeSession(RouteSession routeSession) {
        this.routeSession = routeSession;
    }

    long sendTimeoutNanos() {
        return sendTimeoutNanos;
    }

    /** Accepted, not closed, no close requested: the heartbeat watches it. */
    boolean isLive() {
        return accepted && open && !closeRequested.get();
    }

    /**
     * We dropped the connection (overflow, stuck write, dead peer): close it without flushing. The
     * container reports the close to the endpoint, which releases the channel; if it has not done so
     * within a grace period, the sweeper releases it itself ({@link Sweeper}).
     */
    void abort(int code, String reason, DeliveryProblem.Kind kind, String detail) {
        drop(code, reason, kind, detail, false);
    }

    /**
     * The peer lets the container's pongs pile up unread ({@link RouteSession#unreadControlFrames()}):
     * dropped with 1008 {@code "unread control frames"}, as the standalone server's write-backlog filter
     * does, and its socket right after the close (the close frame waits behind the unread pongs and would
     * never leave). Not a delivery problem: nothing of ours was lost. Called by the container's reading thread.
     */
    void dropUnreadControlFrames() {
        LOG.fine(() -> "ChannelBox: closing " + id() + ": its peer leaves the container's pongs unread (a ping flood?)");
        drop(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), RouteSession.UNREAD_CONTROL_FRAMES, null, null, true);
    }

    /**
     * Closes without flushing: nothing more is written; {@code kind} (null: none) is reported; the close
     * runs off the caller; the socket goes right after it when {@code socketAtOnce}, else once the close
     * grace is over (in any case then, whether the close completed or not).
     */
    private void drop(int code, String reason, DeliveryProblem.Kind kind, String detail, boolean socketAtOnce) {
        closing();
        closeRequested.set(true);
        outbox.terminate(); // nothing more is written, from now
        if (kind != null) {
            runtime.report(this, kind, detail);
        }
        // The close itself not on this thread: it may be a group send's, holding the group's lock
        // (LocalBroker), and some containers run the endpoint's onClose (the consumer's onDisconnect,
        // its leaves and sends) inside session.close
        runtime.offCaller(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "ChannelBox: closing " + id(), e);
            }
            if (socketAtOnce) {
                closeTransport();
            }
        });
        // The close frame waits behind what the peer has not read (Tyrus in a servlet container closes
        // the socket only once that frame is written): a peer that reads nothing would keep the socket,
        // and the container the frames queued for it, for as long as it likes. Once the close grace is
        // over the socket goes, whether the close completed or not (closing it again changes nothing).
        runtime.afterCloseGrace(() -> {
            if (closeTransport()) {
                LOG.fine(() -> "ChannelBox: dropped the socket of " + id() + " after the close grace");
            }
        });
    }

    /**
     * Notes that we dropped the connection or handed the container our close frame (the first time
     * counts): from then on the container should report the close within the close grace.
     */
    void closing() {
        if (closingSince == 0) {
            closingSince = ticker.nanoTime();
        }
    }

    /**
     * Since when ({@link Ticker#nanoTime()}) we have been closing the connection (dropped it, or handed
     * the container our close frame), or 0.
     */
    long closingSince() {
        return closingSince;
    }

    RouteSession routeSession() {
        return routeSession;
    }

    /**
     * Shutdown: the connection did not close in time; close it now without flushing and release it.
     * Where the container already has our close frame, it is not asked again (Open Liberty waits up
     * to 5.5 s in a second close of a link that is closing): its socket goes where we can reach it.
     */
    void drop() {
        closeRequested.set(true);
        outbox.terminate();
        if (closingSince != 0) {
            closeTransport();
        } else {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server closing"));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "ChannelBox: closing " + id(), e);
            }
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
        synchronized (lock) {
            if (!open) {
                return;
            }
            open = false;
        }
        closeRequested.set(true);
        outbox.terminate();
        if (inbound != null) {
            inbound.closed(code, reason);
        }
    }

    @Override
    Object take() {
        if (inbound == null) {
            throw new IllegalStateException("a consumer receives messages in onReceive, not with receive*()");
        }
        if (!accepted) {
            throw new IllegalStateException("call ws.accept() before receiving");
        }
        try {
            return inbound.take();
        } catch (WebSocketDisconnect d) {
            if (Thread.currentThread().isInterrupted()) {
                // the handler's thread was interrupted: the application is stopping (a container interrupts
                // its managed threads then). The client hears it now, before the handler's own clean-up
                // (which may close the connection as if it ended normally) runs
                closeOnce(1001, "server shutting down");
            }
            throw d;
        }
    }
}

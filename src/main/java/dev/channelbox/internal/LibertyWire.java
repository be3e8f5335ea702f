package dev.channelbox.internal;

import jakarta.websocket.Session;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.channelbox.internal.TyrusInternals.field;
import static dev.channelbox.internal.TyrusInternals.method;

/**
 * Open Liberty only: writes whole frames straight to the connection's TCP channel. Through the standard
 * API every async send is a TCP write request that Liberty always queues ({@code forceQueue}), so its
 * completion comes back on another thread, after a service lookup or two per call; frames queued for
 * a member cannot share a write (Liberty's {@code setBatchingAllowed} does nothing). Raw, the frames
 * waiting for a member leave in one write, tried at once on the calling thread, and a group send
 * encodes once for every member (each write copies the bytes into one of Liberty's pooled direct buffers).
 *
 * <p>Liberty's own writes (the pong it answers a client's ping with, the close) share the connection's
 * one write slot with the API's: {@code WsocConnLink.okToWrite} takes it (a pong being written is
 * waited for), {@code signalNotWriting} gives it back. A raw write takes and gives back the same slot,
 * so nothing Liberty writes ever lands inside one of our frames, and Liberty's close waits for our write
 * in flight as it waits for its own.
 *
 * <p>Reached by reflection only (no Liberty class is linked): the session's {@code SessionImpl}, its
 * {@code WsocConnLink}, the TCP connection's write context and the byte-buffer manager. When anything
 * has another shape, {@link #of} answers null and the connection uses the standard API. Not with a
 * negotiated extension (permessage-deflate would have to transform each frame).
 *
 * <p>Threads: the outbox keeps one write in flight. A write that completes at once ends on the calling
 * thread; one that waits for the socket ends on Liberty's TCP completion thread (the callback). The
 * write in flight is {@link #inFlight}, ended exactly once whichever comes first.
 */
final class LibertyWire implements RawWire {

    private static final Logger LOG = Logger.getLogger(LibertyWire.class.getName());

    /** {@code TCPWriteRequestContext.WRITE_ALL_DATA}, {@code TCPRequestContext.NO_TIMEOUT} (our send timeout applies). */
    private static final long WRITE_ALL = -1L;
    private static final int NO_TIMEOUT = -1;
    /** {@code TCPRequestContext.IMMED_TIMEOUT}: times out the write in flight now (Liberty's own cancel). */
    private static final int IMMED_TIMEOUT = -2;

    private final Session session;
    private final Object link;         // WsocConnLink: the write slot
    private final Object writeContext; // TCPWriteRequestContext
    private final Object bufferManager; // WsByteBufferPoolManager
    private final Object callback;     // a TCPWriteCompletedCallback that ends the write in flight
    private final Method okToWrite;
    private final Method signalNotWriting;
    private final Method setReadWrite;
    private final Method allocateDirect;
    private final Method wrapped;
    private final Method setBuffer;
    private final Method write;
    private final Method timeOut;
    private final Method release;
    private final AtomicReference<InFlight> inFlight = new AtomicReference<>();

    private record InFlight(Outbox.Completion done, Object buffer) {
    }

    private LibertyWire(Session session, Object link, Object writeContext, Object bufferManager) throws ReflectiveOperationException {
        this.session = session;
        this.link = link;
        this.writeContext = writeContext;
        this.bufferManager = bufferManager;
        Class<?> linkType = link.getClass();
        this.okToWrite = method(linkType, "okToWrite", boolean.class, boolean.class, boolean.class);
        this.signalNotWriting = method(linkType, "signalNotWriting");
        this.setReadWrite = method(linkType, "setReadWrite", boolean.class);
        this.allocateDirect = method(bufferManager.getClass(), "allocateDirect", int.class);
        Class<?> bufferType = allocateDirect.getReturnType(); // WsByteBuffer, as the manager's bundle sees it
        this.wrapped = method(bufferType, "getWrappedByteBufferNonSafe");
        this.setBuffer = method(writeContext.getClass(), "setBuffer", bufferType);
        this.release = method(bufferType, "release");
        Method asyncWrite = null;
        for (Method m : writeContext.getClass().getMethods()) {
            if (m.getName().equals("write") && m.getParameterCount() == 4) {
                asyncWrite = m; // write(long, TCPWriteCompletedCallback, boolean forceQueue, int timeout)
            }
        }
        if (asyncWrite == null) {
            throw new NoSuchMethodException(writeContext.getClass().getName() + ".write(long, callback, boolean, int)");
        }
        this.write = method(writeContext.getClass(), "write", asyncWrite.getParameterTypes());
        this.timeOut = method(writeContext.getClass(), "write", long.class, int.class);
        Class<?> callbackType = asyncWrite.getParameterTypes()[1];
        InvocationHandler handler = (proxy, m, args) -> switch (m.getName()) {
            case "complete" -> {
                finish(true);
                yield null;
            }
            case "error" -> {
                finish(false);
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "ChannelBox raw write callback";
            default -> null;
        };
        this.callback = Proxy.newProxyInstance(callbackType.getClassLoader(), new Class<?>[] {callbackType}, handler);
    }

    /** Whether {@code session} is Open Liberty's. */
    static boolean isLiberty(Session session) {
        return session.getClass().getName().startsWith("com.ibm.ws.wsoc.");
    }

    /** The raw path for {@code session}, or null to use the standard API. */
    static LibertyWire of(Session session) {
        try {
            if (!session.getNegotiatedExtensions().isEmpty()) {
                return null;
            }
            Object impl = method(session.getClass(), "getSessionImpl").invoke(session);
            Object link = field(impl.getClass(), "connLink").get(impl);
            Object tcp = field(link.getClass(), "tcpConnection").get(link);
            Object writeContext = method(tcp.getClass(), "getWriteInterface").invoke(tcp);
            Object bufferManager = method(link.getClass(), "getBufferManager").invoke(link);
            if (writeContext == null || bufferManager == null) {
                return null;
            }
            return new LibertyWire(session, link, writeContext, bufferManager);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "ChannelBox: Open Liberty raw writes unavailable, using the standard API", e);
            return null;
        }
    }

    @Override
    public void write(Frame.Data frame, Outbox.Completion done) {
        if (frame instanceof Frame.Batch batch) {
            List<Frame.Data> frames = batch.frames();
            ByteBuffer[] wires = new ByteBuffer[frames.size()];
            for (int i = 0; i < wires.length; i++) {
                wires[i] = frames.get(i).wire();
            }
            write(wires, done);
        } else {
            write(new ByteBuffer[] {frame.wire()}, done);
        }
    }

    @Override
    public void write(Frame.Ping ping, Outbox.Completion done) {
        write(new ByteBuffer[] {Frame.Wire.frame(0x9, ping.payload())}, done);
    }

    /**
     * Copies the frames' shared wire forms into one of Liberty's pooled direct buffers and writes it.
     * Not a wrapped heap buffer: for those, Liberty's TCP channel allocates a new direct buffer on every
     * write ({@code WsByteBufferImpl.copyToDirectBuffer}), which costs more than the write.
     */
    private void write(ByteBuffer[] wires, Outbox.Completion done) {
        if (!session.isOpen()) {
            done.done(false);
            return;
        }
        try {
            // OK: the slot is ours; otherwise the link is closing or broken (a pong in progress is waited for)
            if (!"OK".equals(String.valueOf(okToWrite.invoke(link, false, false, false)))) {
                done.done(false);
                return;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: Open Liberty's write slot", e);
            done.done(false);
            return;
        }
        inFlight.set(new InFlight(done, null)); // from here on, finish gives the slot back
        try {
            int n = 0;
            for (ByteBuffer w : wires) {
                n += w.remaining();
            }
            Object buffer = allocateDirect.invoke(bufferManager, n);
            inFlight.set(new InFlight(done, buffer)); // no write started yet: nothing else touches it
            ByteBuffer bytes = (ByteBuffer) wrapped.invoke(buffer);
            bytes.clear();
            for (ByteBuffer w : wires) {
                bytes.put(w.duplicate());
            }
            bytes.flip();
            setBuffer.invoke(writeContext, buffer);
            // not forced onto the queue: written at once when the socket takes it (then no callback runs)
            if (write.invoke(writeContext, WRITE_ALL, callback, false, NO_TIMEOUT) != null) {
                finish(true);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: Open Liberty raw write", e);
            finish(false);
        }
    }

    /**
     * Times out the write in flight, as Liberty cancels its own ({@code write(0, IMMED_TIMEOUT)}): the TCP
     * channel then reports it failed through the callback, which gives the slot back, so that Liberty's
     * close, which waits for the slot, can go on.
     */
    @Override
    public void cancel() {
        if (inFlight.get() == null) {
            return;
        }
        try {
            timeOut.invoke(writeContext, 0L, IMMED_TIMEOUT);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: cancelling an Open Liberty raw write", e);
        }
    }

    /** Ends the write in flight, once: gives back Liberty's buffer (to its pool) and write slot, then tells the outbox. */
    private void finish(boolean ok) {
        InFlight w = inFlight.getAndSet(null);
        if (w == null) {
            return;
        }
        try {
            if (w.buffer() != null) {
                release.invoke(w.buffer());
            }
            setReadWrite.invoke(link, true); // as Liberty's own completion does
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: after an Open Liberty raw write", e);
        }
        try {
            signalNotWriting.invoke(link);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "ChannelBox: giving back Open Liberty's write slot", e);
        }
        w.done().done(ok);
    }
}

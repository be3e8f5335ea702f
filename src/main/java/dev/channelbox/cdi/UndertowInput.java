package dev.channelbox.cdi;

import dev.channelbox.internal.FrameScanner;
import dev.channelbox.internal.TyrusInternals;

import jakarta.websocket.Session;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WildFly (Undertow) only: puts a {@link FrameScanner} between the connection's socket and
 * Undertow's WebSocket frame reader, so the route's inbound limit holds on each frame header, as on
 * the standalone server and on Payara. Undertow checks a message's size only against the bytes it has
 * buffered, so a header announcing 2^62 bytes was refused only once the limit's worth of payload had
 * arrived; a refused frame now never reaches Undertow: in its place Undertow reads a client close frame
 * with 1009 (1002 for an unmasked frame) and closes as for any close frame.
 *
 * <p>How: Undertow's {@code AbstractFramedChannel} reads through the source channel of its XNIO
 * {@code StreamConnection}, whose conduit can be replaced; it starts reading only after the
 * endpoint's {@code onOpen} has returned ({@code EndpointSessionHandler}), so a conduit installed from
 * {@code onOpen} sees every frame. The conduit is a {@link Proxy} of XNIO's {@code StreamSourceConduit}
 * (we link no Undertow or XNIO class) that forwards everything but the reads. Found through the session
 * by reflection: when anything has another shape, nothing is installed and our message handlers still
 * refuse an oversized message with 1009 once Undertow has buffered the limit.
 *
 * <p>Threads: XNIO reads one connection on its I/O thread, one read at a time; the state below is
 * touched only from those reads.
 */
final class UndertowInput implements InvocationHandler {

    private static final Logger LOG = Logger.getLogger(UndertowInput.class.getName());

    private final Object conduit;
    private final Method conduitRead;
    private final FrameScanner scanner;
    /** Where the I/O thread reads the socket into, for any connection: emptied into {@link #rest} after each read. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(16 * 1024));
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /**
     * Read from the socket but not handed to Undertow (usually nothing): a frame header the input
     * ended inside, scanned again with the bytes that complete it.
     */
    private ByteBuffer rest = EMPTY;
    /** The close frame handed over in place of a refused frame, and how much of it went. */
    private byte[] close;
    private int closeSent;

    private UndertowInput(Object conduit, FrameScanner scanner) throws NoSuchMethodException {
        this.conduit = conduit;
        this.conduitRead = TyrusInternals.method(conduit.getClass(), "read", ByteBuffer.class);
        this.scanner = scanner;
    }

    /** Installs the scanner on {@code session} if it is Undertow's; true if installed. */
    static boolean install(Session session, int limit) {
        if (!session.getClass().getName().equals("io.undertow.websockets.jsr.UndertowSession")) {
            return false;
        }
        try {
            Object webSocketChannel = TyrusInternals.field(session.getClass(), "webSocketChannel").get(session);
            Object connection = TyrusInternals.field(webSocketChannel.getClass(), "channel").get(webSocketChannel);
            Object source = call(connection, "getSourceChannel");
            Conduits conduits = conduits(source.getClass());
            FrameScanner scanner = new FrameScanner(limit);
            // bytes that came with the handshake: Undertow will parse them first, so must the scanner
            Object pending = TyrusInternals.field(webSocketChannel.getClass(), "readData").get(webSocketChannel);
            if (pending != null) {
                ByteBuffer b = (ByteBuffer) call(pending, "getBuffer");
                int end = scanner.scan(b::get, b.position(), b.limit());
                if (end != b.limit() || scanner.violation() != 0) {
                    return false; // a header cut by the handshake's read, or already over: the handlers decide
                }
            }
            Object conduit = call(source, "getConduit");
            Class<?> conduitType = conduits.conduitType();
            Object proxy = Proxy.newProxyInstance(conduitType.getClassLoader(), new Class<?>[] {conduitType},
                    new UndertowInput(conduit, scanner));
            conduits.setConduit().invoke(source, proxy);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "ChannelBox: Undertow's connection not reachable; the message handlers enforce the size limit", e);
            return false;
        }
    }

    /**
     * What wrapping a source channel's conduit takes, found once per channel class (the same for every
     * connection): XNIO's conduit type as that class sees it (a class lookup through the container's
     * module loader per connection otherwise) and the setter. Held by this class, so by the application.
     */
    private record Conduits(Class<?> sourceType, Class<?> conduitType, Method setConduit) {
    }

    private static volatile Conduits conduits;

    private static Conduits conduits(Class<?> sourceType) throws ReflectiveOperationException {
        Conduits c = conduits;
        if (c == null || c.sourceType() != sourceType) {
            Class<?> conduitType = Class.forName("org.xnio.conduits.StreamSourceConduit", false, sourceType.getClassLoader());
            c = conduits = new Conduits(sourceType, conduitType, TyrusInternals.method(sourceType, "setConduit", conduitType));
        }
        return c;
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return TyrusInternals.method(target.getClass(), method).invoke(target);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "read":
                if (args.length == 1) {
                    return read((ByteBuffer) args[0]);
                }
                return (long) read((ByteBuffer[]) args[0], (Integer) args[1], (Integer) args[2]);
            case "transferTo":
                // Undertow's frame reader never transfers; a transfer would pass the scanner by
                throw new UnsupportedOperationException("ChannelBox's frame scanner reads through read(ByteBuffer)");
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "ChannelBox frame scanner over " + conduit;
            default:
                try {
                    return method.invoke(conduit, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }

    private int read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    private int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (close != null) {
            return handClose(dst);
        }
        // read on after the unscanned tail (a cut header), and scan; no more than dst takes, since
        // bytes kept back here would wait for the socket's next readiness, which never comes once the
        // client has sent everything
        int room = Math.min(SCRATCH.get().capacity(), dst.remaining());
        if (room <= rest.remaining()) {
            return 0; // never with Undertow's 16 KiB read buffers
        }
        ByteBuffer in = SCRATCH.get().clear();
        in.put(rest).limit(room);
        int r = rawRead(in);
        in.flip();
        int approved = scanner.scan(in::get, 0, in.limit());
        dst.put(in.duplicate().limit(approved));
        in.position(approved);
        rest = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : EMPTY;
        if (scanner.violation() != 0) {
            // the refused frame and what follows are never handed over; the close goes now, as
            // nothing may come from the socket to make Undertow read again
            rest = EMPTY;
            close = scanner.closeFrame();
            return approved + handClose(dst);
        }
        return approved == 0 && r < 0 ? -1 : approved; // 0: a cut header, the rest not here yet
    }

    /** Hands over the close frame in place of the refused frame; then drops what the client still sends. */
    private int handClose(ByteBuffer dst) throws IOException {
        if (closeSent < close.length) {
            int n = Math.min(dst.remaining(), close.length - closeSent);
            dst.put(close, closeSent, n);
            closeSent += n;
            return n;
        }
        ByteBuffer discard = SCRATCH.get();
        int r;
        do {
            r = rawRead(discard.clear());
        } while (r > 0);
        return r;
    }

    private int rawRead(ByteBuffer dst) throws IOException {
        try {
            return (Integer) conduitRead.invoke(conduit, dst);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException(e);
        }
    }

}

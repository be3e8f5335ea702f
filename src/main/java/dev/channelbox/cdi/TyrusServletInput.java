package dev.channelbox.cdi;

import dev.channelbox.internal.FrameScanner;
import dev.channelbox.internal.RouteSession;
import dev.channelbox.internal.TyrusInternals;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.websocket.Session;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Payara (Tyrus on the servlet upgrade) only: puts a {@link FrameScanner} between the connection's
 * {@code ServletInputStream} and Tyrus, so the route's inbound limit holds on each frame header, as
 * the standalone server's frame filter does, instead of after Tyrus has buffered the whole frame (up to
 * its incoming buffer, 4 MiB, one value for the application). A refused frame never reaches Tyrus:
 * in its place Tyrus reads a client close frame with 1009 (1002 for an unmasked frame) and closes as
 * for any close frame.
 *
 * <p>It also bounds what a peer that never reads makes Tyrus queue for it: the pongs Tyrus answers
 * every ping with wait in its servlet writer's queue and in the Grizzly connection's, neither with a
 * limit (a client flooding pings made Payara 6 run out of its 512 MB heap in under a minute, once the
 * pings were handled as fast as they came). Before each read it counts the writes waiting there, as the
 * standalone server's write-backlog filter does: more than {@link RouteSession#MAX_UNREAD_WRITES}, and
 * the connection is closed with 1008 {@code "unread control frames"} and its socket dropped
 * ({@link RouteSession#unreadControlFrames()}); what the peer still sends is dropped unread.
 *
 * <p>How: Tyrus's {@code TyrusHttpUpgradeHandler} keeps the stream in its field {@code is}, set before
 * the endpoint's {@code onOpen} runs, and its read loop waits until {@code onOpen} has returned (a
 * latch), so replacing the field from {@code onOpen} is seen by every read. Found through the session
 * by reflection, like {@code TyrusWire}: when anything has another shape (another Tyrus version,
 * another runtime) nothing is installed and our message handlers still refuse an oversized message
 * with 1009 when it arrives.
 *
 * <p>Threads: the container calls the read listener for one connection on one thread at a time; the
 * stream's state is touched only from those calls.
 */
final class TyrusServletInput extends ServletInputStream {

    private static final Logger LOG = Logger.getLogger(TyrusServletInput.class.getName());
    private static final byte[] NONE = {};

    private final ServletInputStream in;
    private final FrameScanner scanner;
    private final IntSupplier backlog;      // writes waiting for the peer (TyrusInternals.servletWriteBacklog), or null
    private final RouteSession session;
    private boolean flooded;                // closed for unread writes: everything read is dropped
    /** Bytes read but not yet handed over: a frame header the input ended inside, rescanned next time. */
    private byte[] held = NONE;
    /** The close frame handed over in place of a refused frame, and how much of it went. */
    private byte[] close;
    private int closeSent;
    private byte[] scratch; // only after a refusal: most connections never need it

    private TyrusServletInput(ServletInputStream in, int limit, IntSupplier backlog, RouteSession session) {
        this.in = in;
        this.scanner = new FrameScanner(limit);
        this.backlog = backlog;
        this.session = session;
    }

    /**
     * Installs the scanner on {@code session} if it is a Tyrus servlet upgrade; true if installed.
     * {@code routeSession} is told when the peer leaves too many writes unread.
     */
    static boolean install(Session session, int limit, RouteSession routeSession) {
        try {
            Object protocolHandler = TyrusInternals.protocolHandler(session);
            if (protocolHandler == null) {
                return false;
            }
            Object writer = TyrusInternals.writer(protocolHandler);
            if (writer == null || !writer.getClass().getName().equals("org.glassfish.tyrus.servlet.TyrusServletWriter")) {
                return false;
            }
            Object handler = TyrusInternals.field(writer.getClass(), "tyrusHttpUpgradeHandler").get(writer);
            // Tyrus 2.1 writes through a proxy of the handler (TyrusServletUpgrade's), which holds the real one
            Field real = proxied(handler.getClass());
            if (real != null && real.get(handler) != null) {
                handler = real.get(handler);
            }
            Field is = TyrusInternals.field(handler.getClass(), "is");
            if (!(is.get(handler) instanceof ServletInputStream stream) || stream instanceof TyrusServletInput) {
                return false;
            }
            is.set(handler, new TyrusServletInput(stream, limit, TyrusInternals.servletWriteBacklog(writer), routeSession));
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "ChannelBox: Tyrus servlet input not reachable; the message handlers enforce the size limit", e);
            return false;
        }
    }

    private static Field proxied(Class<?> type) {
        try {
            Field f = type.getDeclaredField("handler");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException notAProxy) {
            return null;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (!flooded && backlog != null && backlog.getAsInt() > RouteSession.MAX_UNREAD_WRITES) {
            flooded = true;
            session.unreadControlFrames();
        }
        if (flooded) {
            discard();
            return 0;
        }
        if (close != null) {
            if (closeSent < close.length) {
                int n = Math.min(len, close.length - closeSent);
                System.arraycopy(close, closeSent, b, off, n);
                closeSent += n;
                return n;
            }
            // refused: what the client still sends is dropped until Tyrus closes the connection
            discard();
            return 0;
        }
        if (len == 0) {
            return 0;
        }
        int n = Math.min(held.length, len);
        System.arraycopy(held, 0, b, off, n);
        byte[] rest = n == held.length ? NONE : Arrays.copyOfRange(held, n, held.length);
        if (rest.length == 0 && n < len) {
            int r = in.read(b, off + n, len - n);
            if (r < 0 && n == 0) {
                return r;
            }
            n += Math.max(r, 0);
        }
        int end = off + n;
        int stop = scanner.scan(i -> b[i], off, end);
        if (scanner.violation() != 0) {
            close = scanner.closeFrame();
            held = NONE;
            if (stop == off) {
                return read(b, off, len);
            }
            return stop - off;
        }
        if (stop < end) {
            byte[] head = Arrays.copyOfRange(b, stop, end);
            held = rest.length == 0 ? head : concat(head, rest);
        } else {
            held = rest;
        }
        return stop - off;
    }

    /** Reads and drops what the peer sent (after a refusal, or once it stopped reading). */
    private void discard() throws IOException {
        if (scratch == null) {
            scratch = new byte[8192];
        }
        while (in.isReady() && in.read(scratch) > 0) {
            // discard
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? (n < 0 ? -1 : 0) : one[0] & 0xFF;
    }

    @Override
    public int available() throws IOException {
        if (flooded) {
            return 0;
        }
        if (close != null) {
            return close.length - closeSent;
        }
        return in.available() + held.length;
    }

    @Override
    public boolean isReady() {
        return (close != null && closeSent < close.length) || in.isReady();
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

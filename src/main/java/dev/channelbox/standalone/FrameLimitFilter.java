package dev.channelbox.standalone;

import dev.channelbox.internal.FrameScanner;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;
import java.util.function.ToIntFunction;

/**
 * Just before Tyrus's filter: reads the header of every client frame as the bytes of an upgraded
 * connection stream past (RFC 6455 §5.2), skipping payloads without copying, and stops a frame that
 * breaks a rule before Tyrus buffers it.
 *
 * <p>Why: Tyrus buffers each frame whole before parsing it (up to its incoming buffer, 4 MiB) and
 * applies {@code Session.setMaxTextMessageBufferSize} only when it assembles fragments, so a message
 * over the route's limit sent as one frame was accepted, and one over 4 MiB got 1011 "Buffer
 * overflow.". Tyrus also accepts unmasked client frames.
 *
 * <ul>
 *   <li>a data frame, or a fragmented message so far, longer than the route's {@code maxMessageSize}
 *       (a header announcing 2^62 bytes included): 1009, decided on the frame header;</li>
 *   <li>a client frame without the mask bit, or a control frame longer than 125 bytes: 1002.</li>
 * </ul>
 *
 * <p>How it closes: the frames before the offending one reach Tyrus as usual; in place of the
 * offending one Tyrus gets a (masked) close frame carrying the code and reason, and nothing after it.
 * Tyrus then runs the close as for any close frame: the endpoint's {@code onClose} sees that code,
 * the client gets a close frame with it, and Tyrus closes the TCP connection. At most the route's
 * limit plus one frame header is ever buffered for a message.
 *
 * <p>Threads: Grizzly reads one connection on one thread at a time, so the per-connection
 * {@link Inbound} is touched by one thread at a time and needs no lock. Connections that are not
 * WebSocket upgrades to one of our routes cost one attribute lookup per read.
 */
final class FrameLimitFilter extends BaseFilter {

    private static final Attribute<Inbound> INBOUND =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FrameLimitFilter.class.getName() + ".inbound");
    private static final byte[] NO_BYTES = {};

    /** The route's inbound limit in bytes for a request path, or -1 when no route serves it. */
    private final ToIntFunction<String> limitForPath;

    FrameLimitFilter(ToIntFunction<String> limitForPath) {
        this.limitForPath = limitForPath;
    }

    /** What one upgraded connection's reader is in the middle of. */
    private static final class Inbound {
        final FrameScanner scanner;
        /** The upgrade request: Grizzly tags every later read of an upgraded connection with it. */
        final HttpHeader request;
        /** A frame header split by a read, held back until it is whole (at most 13 bytes). */
        byte[] head = NO_BYTES;
        /** A close was handed to Tyrus: the rest of the input is dropped. */
        boolean done;

        Inbound(int limit, HttpHeader request) {
            this.scanner = new FrameScanner(limit);
            this.request = request;
        }
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content)) {
            return ctx.getInvokeAction();
        }
        Connection<?> connection = ctx.getConnection();
        Inbound in = INBOUND.get(connection);
        HttpHeader header = content.getHttpHeader();
        if (in == null) {
            if (header instanceof HttpRequestPacket request && "websocket".equalsIgnoreCase(request.getUpgrade())) {
                int limit = limitForPath.applyAsInt(request.getRequestURI());
                if (limit > 0) {
                    INBOUND.set(connection, new Inbound(limit, header));
                }
            }
            return ctx.getInvokeAction(); // the handshake: Tyrus reads its headers only
        }
        if (header != in.request) {
            INBOUND.remove(connection); // a new HTTP request: that upgrade was refused
            return ctx.getInvokeAction();
        }
        Buffer buffer = content.getContent();
        if (in.done) {
            buffer.position(buffer.limit());
            return ctx.getStopAction();
        }
        if (in.head.length > 0) {
            // rare: a read ended inside a frame header; Tyrus gets the header whole, with what follows
            buffer = Buffers.appendBuffers(ctx.getMemoryManager(), Buffers.wrap(ctx.getMemoryManager(), in.head), buffer);
            in.head = NO_BYTES;
            ctx.setMessage(HttpContent.builder(header).content(buffer).build());
        }
        scan(ctx, in, buffer, header);
        return ((HttpContent) ctx.getMessage()).getContent().hasRemaining() ? ctx.getInvokeAction() : ctx.getStopAction();
    }

    /** Streams past {@code buffer}'s frames; trims it where a header is incomplete or a frame is refused. */
    private static void scan(FilterChainContext ctx, Inbound in, Buffer buffer, HttpHeader header) {
        int end = buffer.limit();
        int stop = in.scanner.scan(buffer::get, buffer.position(), end);
        if (in.scanner.violation() != 0) {
            // Tyrus gets the frames before the refused one, then a close frame from "the client"
            in.done = true;
            buffer.limit(stop);
            Buffer close = Buffers.wrap(ctx.getMemoryManager(), in.scanner.closeFrame());
            Buffer all = buffer.hasRemaining() ? Buffers.appendBuffers(ctx.getMemoryManager(), buffer, close) : close;
            ctx.setMessage(HttpContent.builder(header).content(all).build());
        } else if (stop < end) {
            byte[] head = new byte[end - stop];
            for (int i = 0; i < head.length; i++) {
                head[i] = buffer.get(stop + i);
            }
            in.head = head;
            buffer.limit(stop);
        }
    }
}

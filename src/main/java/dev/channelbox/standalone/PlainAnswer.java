package dev.channelbox.standalone;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.Buffers;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete refusal of a request from a filter in front of Tyrus: status, a one-line text body,
 * {@code Content-Length}, {@code Connection: close}, then the connection is closed once the bytes
 * are written, so no client waits for more.
 */
final class PlainAnswer {

    private PlainAnswer() {
    }

    static void send(FilterChainContext ctx, HttpRequestPacket request, int status, String reasonPhrase, String text,
                     Map<String, String> headers) {
        // Grizzly leaves out Content-Type and Content-Length of a response to a request that asked
        // for an upgrade; this one is plain HTTP.
        request.getUpgradeDC().recycle();
        request.setIgnoreContentModifiers(false);
        HttpResponsePacket response = request.getResponse();
        response.setStatus(status);
        response.setReasonPhrase(reasonPhrase);
        response.setContentType("text/plain;charset=utf-8");
        headers.forEach(response::setHeader);
        response.setHeader("Connection", "close");
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        Connection<?> connection = ctx.getConnection();
        ctx.write(HttpContent.builder(response).content(Buffers.wrap(ctx.getMemoryManager(), body)).last(true).build(),
                new EmptyCompletionHandler<WriteResult>() {
                    @Override
                    public void completed(WriteResult result) {
                        connection.closeSilently();
                    }

                    @Override
                    public void failed(Throwable error) {
                        connection.closeSilently();
                    }
                });
    }
}

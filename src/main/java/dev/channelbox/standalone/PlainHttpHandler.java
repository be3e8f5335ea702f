package dev.channelbox.standalone;

import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.MimeType;

import java.io.CharConversionException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Every plain HTTP request of the standalone server: the static files of
 * {@code ChannelBoxServer.Builder.staticResources} for {@code GET} and {@code HEAD}, a short text
 * answer for anything else. Grizzly's own handler answers a path it cannot decode ({@code /%2e%2e/x},
 * {@code /.}, overlong UTF-8) with 500, its stack trace in the body and 2.5 KB in the log, and
 * {@code HEAD} with 405; here they get 400 and 200 (headers only), and no answer names a class or a
 * version.
 */
final class PlainHttpHandler extends HttpHandler {

    private static final Logger LOG = Logger.getLogger(PlainHttpHandler.class.getName());

    /** Grizzly's error pages carry its version and, for a 500, the stack trace: only the status here. */
    private static final ErrorPageGenerator STATUS_ONLY = (request, status, reason, description, error) -> status + " " + reason;

    /** The browser client, served at {@value #CLIENT_PATH} whatever the static files. */
    static final String CLIENT_PATH = "/channelbox.js";
    private static final byte[] CLIENT = client();

    private final CLStaticHttpHandler files;  // null: no static files
    private final ClassLoader loader;
    private final String root;                // "static/" for "/static/"

    PlainHttpHandler(ClassLoader loader, String staticRoot) {
        this.files = staticRoot == null ? null : new CLStaticHttpHandler(loader, staticRoot);
        this.loader = loader;
        this.root = staticRoot == null ? null : staticRoot.substring(staticRoot.startsWith("/") ? 1 : 0);
        setAllowEncodedSlash(false);
    }

    @Override
    protected ErrorPageGenerator getErrorPageGenerator(Request request) {
        return STATUS_ONLY;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        try {
            if ("websocket".equalsIgnoreCase(request.getRequest().getUpgrade())) {
                // Tyrus passed it on: no WebSocket route has this path. Answer as plain HTTP, else
                // Grizzly leaves out the length.
                request.getRequest().setIgnoreContentModifiers(false);
                response.setHeader("Connection", "close");
                answer(response, 404, "Not Found", "no WebSocket route at this path");
                return;
            }
            String path;
            try {
                path = request.getDecodedRequestURI();
            } catch (CharConversionException | IllegalArgumentException e) {
                answer(response, 400, "Bad Request", "malformed request path");
                return;
            }
            Method method = request.getMethod();
            if (CLIENT_PATH.equals(path) && CLIENT != null && (Method.GET.equals(method) || Method.HEAD.equals(method))) {
                response.setStatus(200, "OK");
                response.setContentType("text/javascript;charset=utf-8");
                response.setContentLength(CLIENT.length);
                if (Method.GET.equals(method)) {
                    response.getOutputStream().write(CLIENT);
                }
            } else if (files == null || path.contains("..")) {
                answer(response, 404, "Not Found", "not found");
            } else if (Method.GET.equals(method)) {
                files.service(request, response);
            } else if (Method.HEAD.equals(method)) {
                head(path, response);
            } else {
                response.setHeader("Allow", "GET, HEAD");
                answer(response, 405, "Method Not Allowed", "method not allowed");
            }
        } catch (IOException | RuntimeException e) {
            // One line, never the stack trace (a client can trigger this at will)
            LOG.warning(() -> "ChannelBox: " + request.getMethod() + " failed: " + e);
            if (!response.isCommitted()) {
                response.reset();
                answer(response, 500, "Internal Server Error", "internal server error");
            }
        }
    }

    /** The headers a GET of the same file would get, without the body (the codec sends none for HEAD). */
    private void head(String path, Response response) throws IOException, URISyntaxException {
        String name = path.substring(1);
        if (name.isEmpty() || name.endsWith("/")) {
            name += "index.html"; // as CLStaticHttpHandler does
        }
        URL url = loader.getResource(root + name);
        long length = -1;
        if (url != null && "file".equals(url.getProtocol())) {
            File file = new File(url.toURI());
            if (file.isDirectory()) {
                name += "/index.html";
                file = new File(file, "index.html");
            }
            url = file.isFile() ? url : null;
            length = file.length();
        } else if (url != null) {
            URLConnection connection = url.openConnection();
            try (InputStream ignored = connection.getInputStream()) {
                length = connection.getContentLengthLong();
            }
        }
        if (url == null) {
            response.setStatus(404, "Not Found");
            response.setContentLength(0);
            return;
        }
        response.setStatus(200, "OK");
        String type = MimeType.getByFilename(name);
        if (type != null) {
            response.setContentType(type);
        }
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
    }

    /** {@code META-INF/resources/channelbox.js} of our jar, where Servlet containers serve it from. */
    private static byte[] client() {
        try (InputStream in = PlainHttpHandler.class.getResourceAsStream("/META-INF/resources/channelbox.js")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            LOG.warning(() -> "ChannelBox: cannot read channelbox.js: " + e);
            return null;
        }
    }

    private static void answer(Response response, int status, String reason, String text) throws IOException {
        response.setStatus(status, reason);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

package dev.channelbox.standalone;

import dev.channelbox.Verdict;
import dev.channelbox.WebSocket;
import dev.channelbox.internal.HandshakeGate;
import dev.channelbox.internal.HandshakePeer;
import dev.channelbox.internal.HandshakeView;
import dev.channelbox.internal.QueryString;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tyrus on a Grizzly HTTP server that we build ourselves, rather than Tyrus's own Grizzly container:
 * we need a static file handler on the same port (the demo page) and a filter in front of the
 * WebSocket filter that records each request's remote address and port for
 * {@link HandshakePeer} (Tyrus passes the address but not the port to the handshake). The rest
 * mirrors Tyrus's {@code GrizzlyServerContainer}.
 */
final class EmbeddedContainer extends TyrusServerContainer {

    private final WebSocketEngine engine;
    private final HandshakeGate gate;
    private final String host;
    private final String staticRoot;
    private final ClassLoader staticLoader;
    private HttpServer server;
    private NetworkListener listener;

    EmbeddedContainer(String host, String staticRoot, ClassLoader staticLoader, HandshakeGate gate) {
        super((java.util.Set<Class<?>>) null);
        this.gate = gate;
        this.host = host;
        this.staticRoot = staticRoot;
        this.staticLoader = staticLoader;
        this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "");
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, "");
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
        server = new HttpServer();
        listener = new NetworkListener("channelbox", host, port);
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1); // WebSocket connections are long-lived
        // Grizzly's file cache answers without Content-Type when the request offered an upgrade (h2c)
        listener.getFileCache().setEnabled(false);
        Filter webSocketFilter = tyrusFilter();
        listener.registerAddOn((networkListener, chain) -> {
            int httpServerFilter = chain.indexOfType(HttpServerFilter.class);
            chain.add(httpServerFilter, webSocketFilter);
            chain.add(httpServerFilter, new HandshakeFilter(gate));
        });
        server.addListener(listener);
        if (staticRoot != null) {
            server.getServerConfiguration().addHttpHandler(new CLStaticHttpHandler(staticLoader, staticRoot), "/");
        }
        server.start();
        super.start(rootPath, port);
    }

    @Override
    public int getPort() {
        return listener == null ? -1 : listener.getPort();
    }

    @Override
    public void stop() {
        super.stop();
        if (server != null) {
            server.shutdownNow();
        }
    }

    /**
     * Tyrus's Grizzly filter is package-private (its public {@code WebSocketAddOn} has a
     * package-private constructor); creating it reflectively is the supported path Tyrus's own
     * comment on {@code WebSocketAddOn} (TYRUS-317) intends for custom containers.
     */
    private Filter tyrusFilter() throws IOException {
        try {
            Class<?> c = Class.forName("org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter");
            Constructor<?> k = c.getConstructor(org.glassfish.tyrus.spi.ServerContainer.class, String.class);
            k.setAccessible(true);
            return (Filter) k.newInstance(this, "/");
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot create Tyrus's Grizzly filter (tyrus-container-grizzly-server " +
                    "2.1 on the class path?)", e);
        }
    }

    /**
     * In front of Tyrus: records each request's remote address and port, declines upgrades other than
     * WebSocket, and runs the handshake checks of the route a WebSocket upgrade asks for, so a refused
     * client gets a real HTTP 401 or 403 instead of an accepted-then-closed connection.
     */
    private static final class HandshakeFilter extends BaseFilter {
        private final HandshakeGate gate;

        HandshakeFilter(HandshakeGate gate) {
            this.gate = gate;
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Object message = ctx.getMessage();
            if (!(message instanceof HttpContent content) || !(content.getHttpHeader() instanceof HttpRequestPacket request)) {
                return ctx.getInvokeAction();
            }
            HandshakePeer.set(request.getRemoteAddress(), request.getRemotePort());
            String upgrade = request.getUpgrade();
            if (upgrade == null || upgrade.isEmpty()) {
                return ctx.getInvokeAction();
            }
            if (!"websocket".equalsIgnoreCase(upgrade)) {
                // An upgrade we do not do (h2c from curl or the JDK client): answer as plain
                // HTTP/1.1, which RFC 9110 allows; otherwise Grizzly drops the response headers.
                request.getUpgradeDC().recycle();
                request.setIgnoreContentModifiers(false);
                return ctx.getInvokeAction();
            }
            String path = request.getRequestURI();
            HandshakeGate.Match match = gate.match(path);
            if (match == null) {
                return ctx.getInvokeAction(); // Tyrus answers unknown paths
            }
            Verdict verdict = gate.check(match.route(), view(request, path, match));
            if (verdict.isAllowed()) {
                HandshakePeer.checked(path, verdict);
                return ctx.getInvokeAction();
            }
            refuse(ctx, request, verdict);
            return ctx.getStopAction();
        }

        private static HandshakeView view(HttpRequestPacket request, String path, HandshakeGate.Match match) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : request.getHeaders().names()) {
                for (String value : request.getHeaders().values(name)) {
                    headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
                }
            }
            return new HandshakeView(path, match.pathParams(), headers, QueryString.parse(request.getQueryString()),
                    HandshakeView.parseCookies(headers.get("cookie")), null, role -> false,
                    new WebSocket.Client(request.getRemoteAddress(), request.getRemotePort()));
        }

        private static void refuse(FilterChainContext ctx, HttpRequestPacket request, Verdict verdict) {
            HttpResponsePacket response = request.getResponse();
            response.setStatus(verdict.status());
            response.setReasonPhrase(verdict.status() == 401 ? "Unauthorized" : "Forbidden");
            response.setContentType("text/plain;charset=utf-8");
            if (verdict.status() == 401) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            response.setHeader("Connection", "close");
            byte[] body = (verdict.reason() + "\n").getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            ctx.write(HttpContent.builder(response).content(Buffers.wrap(ctx.getMemoryManager(), body)).last(true).build());
        }
    }
}

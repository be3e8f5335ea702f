package dev.channelbox.standalone;

import dev.channelbox.internal.HandshakeGate;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.grizzly.filterchain.Filter;
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

/**
 * Tyrus on a Grizzly HTTP server that we build ourselves, rather than Tyrus's own Grizzly container:
 * we need a static file handler on the same port (the demo page) and a filter in front of the
 * WebSocket filter that records each request's remote address and port for
 * {@link dev.channelbox.internal.HandshakePeer} (Tyrus passes the address but not the port to the handshake). The rest
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
            // before Tyrus's filter (which answers pings with pongs of its own), after the HTTP codec
            chain.add(chain.indexOf(webSocketFilter), new WriteBacklogFilter());
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
}

package dev.channelbox.standalone;

import dev.channelbox.internal.ChannelBoxRuntime;
import dev.channelbox.internal.HandshakeGate;
import dev.channelbox.internal.HeldWrites;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.grizzly.filterchain.DefaultFilterChain;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.http.HttpBrokenContentException;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.GrizzlyExecutorService;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Logger;

/**
 * Tyrus on a Grizzly HTTP server that we build ourselves, rather than Tyrus's own Grizzly container:
 * we need a static file handler on the same port (the demo page) and a filter in front of the
 * WebSocket filter that records each request's remote address and port for
 * {@link dev.channelbox.internal.HandshakePeer} (Tyrus passes the address but not the port to the handshake),
 * a {@link FrameLimitFilter} that holds the route's inbound size limit on every frame before Tyrus buffers it,
 * and the HTTP hygiene Tyrus's container lacks: {@link RequestDeadlineFilter} (handshake and HTTP idle
 * timeouts), {@link UpgradeRequestCheck} (400/426) and {@link PlainHttpHandler} (4xx without internals,
 * {@code HEAD}). The rest mirrors Tyrus's {@code GrizzlyServerContainer}.
 *
 * <p>Filter chain: transport, HTTP codec, {@link RequestDeadlineFilter}, {@link HandshakeFilter},
 * {@link FrameLimitFilter}, {@link WriteBacklogFilter}, Tyrus, Grizzly's HTTP server filter ({@link PlainHttpHandler}).
 */
final class EmbeddedContainer extends TyrusServerContainer {

    /**
     * Grizzly's filter chain logs a request body it cannot decode (a broken chunk length) with a
     * warning and a 2 KB stack trace, though the client already got its 400: a client could fill
     * the log at will. That one case becomes a single FINE line; everything else passes unchanged.
     * Held here so the logger, and with it the filter, outlive a garbage collection before Grizzly
     * loads the class that logs.
     */
    private static final Logger CHAIN_LOG = Logger.getLogger(DefaultFilterChain.class.getName());
    private static final Logger LOG = Logger.getLogger(EmbeddedContainer.class.getName());

    static {
        java.util.logging.Filter previous = CHAIN_LOG.getFilter();
        CHAIN_LOG.setFilter(record -> {
            if (record.getThrown() instanceof HttpBrokenContentException e) {
                LOG.fine(() -> "ChannelBox: malformed HTTP request body: " + e.getMessage());
                return false;
            }
            return previous == null || previous.isLoggable(record);
        });
    }

    private final WebSocketEngine engine;
    private final HandshakeGate gate;
    private final ChannelBoxRuntime runtime;
    private final String host;
    private final String staticRoot;
    private final ClassLoader staticLoader;
    private final Duration handshakeTimeout;
    private final Duration httpIdleTimeout;
    private final ScheduledExecutorService deadlineTimer;
    private final SessionTimers sessionTimers = new SessionTimers();
    private ExecutorService workers;
    private HeldWrites heldWrites;
    private HttpServer server;
    private NetworkListener listener;

    EmbeddedContainer(String host, String staticRoot, ClassLoader staticLoader, HandshakeGate gate,
                      ChannelBoxRuntime runtime, Duration handshakeTimeout, Duration httpIdleTimeout) {
        super((java.util.Set<Class<?>>) null);
        this.handshakeTimeout = handshakeTimeout;
        this.httpIdleTimeout = httpIdleTimeout;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "channelbox-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a deadline is cancelled on almost every request
        this.deadlineTimer = timer;
        this.gate = gate;
        this.runtime = runtime;
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

    /** Where Tyrus's sessions schedule their idle timeouts (and nothing else of Tyrus's server side does). */
    @Override
    public ScheduledExecutorService getScheduledExecutorService() {
        return sessionTimers;
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
        // Grizzly's own worker pool, as it would make it, each task in a write batch (BatchingWorkers)
        ThreadPoolConfig workerConfig = listener.getTransport().getWorkerThreadPoolConfig();
        workers = GrizzlyExecutorService.createInstance(
                workerConfig != null ? workerConfig.copy() : ThreadPoolConfig.defaultConfig().copy());
        heldWrites = new HeldWrites("channelbox-held-writes");
        listener.getTransport().setWorkerThreadPool(new BatchingWorkers(workers, heldWrites));
        // raw frames straight into the write queue: this chain has nothing that transforms a write
        runtime.transportWriters(DirectWriter.forTransport(listener.getTransport()));
        // Grizzly's keep-alive timeout would also close upgraded (WebSocket) connections: off, and
        // RequestDeadlineFilter bounds the time to a request head instead
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        // Grizzly's file cache answers without Content-Type when the request offered an upgrade (h2c)
        listener.getFileCache().setEnabled(false);
        Filter webSocketFilter = tyrusFilter();
        listener.registerAddOn((networkListener, chain) -> {
            int httpServerFilter = chain.indexOfType(HttpServerFilter.class);
            chain.add(httpServerFilter, webSocketFilter);
            chain.add(httpServerFilter, new FrameLimitFilter(this::maxMessageSize));
            chain.add(httpServerFilter, new HandshakeFilter(gate));
            chain.add(httpServerFilter, new RequestDeadlineFilter(deadlineTimer, handshakeTimeout, httpIdleTimeout));
            // before Tyrus's filter (which answers pings with pongs of its own), after the HTTP codec
            chain.add(chain.indexOf(webSocketFilter), new WriteBacklogFilter());
        });
        server.addListener(listener);
        server.getServerConfiguration().addHttpHandler(new PlainHttpHandler(staticLoader, staticRoot), "/");
        server.start();
        super.start(rootPath, port);
    }

    /** The inbound message limit of the route serving {@code path}, -1 if none does. */
    private int maxMessageSize(String path) {
        HandshakeGate.Match match = gate.match(path);
        return match == null ? -1 : runtime.configFor(match.route()).maxMessageSize();
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
        if (workers != null) {
            workers.shutdownNow(); // ours, not Grizzly's to shut down
        }
        if (heldWrites != null) {
            heldWrites.close();
        }
        deadlineTimer.shutdownNow();
        sessionTimers.shutdownNow();
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

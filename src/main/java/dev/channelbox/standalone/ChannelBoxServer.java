package dev.channelbox.standalone;

import dev.channelbox.ChannelBox;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.cdi.ChannelBoxExtension;
import dev.channelbox.cdi.DefaultChannelBox;
import dev.channelbox.cdi.EndpointRegistrar;
import dev.channelbox.internal.ChannelBoxRuntime;
import dev.channelbox.internal.HandshakeGate;
import dev.channelbox.internal.Settings;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * ChannelBox without an application server: Weld SE for CDI and Tyrus on Grizzly for WebSocket, in
 * one call. For development, tests and demos.
 *
 * <pre>{@code
 * try (ChannelBoxServer server = ChannelBoxServer.builder().port(8080).packages(ChatRoom.class).start()) {
 *     server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Needs {@code org.glassfish.tyrus:tyrus-server}, {@code tyrus-container-grizzly-server},
 * {@code org.jboss.weld.se:weld-se-core} and {@code org.eclipse:yasson} on the class path (optional
 * dependencies of the library, so a WAR never carries them).
 *
 * <p>HTTP: a connection must complete its request head (the WebSocket handshake or a first HTTP
 * request) within {@link Builder#handshakeTimeout} (10 s) and a keep-alive connection its next one
 * within {@link Builder#httpIdleTimeout} (30 s) of a response, else the server closes it; neither
 * applies once a connection is upgraded. A WebSocket upgrade that breaks RFC 6455 §4.2.1 gets 400,
 * another protocol version 426 with {@code Sec-WebSocket-Version: 13}, an upgrade to a path without
 * a route 404, all complete and followed by a close. Static files answer {@code GET} and {@code HEAD};
 * an undecodable path gets 400, other methods 405.
 *
 * <p>{@link #close()} closes every connection with 1001 behind the messages already queued, waits
 * for them to go (at most {@code ChannelBoxConfig.shutdownGrace()}), then stops the HTTP server and CDI.
 */
public final class ChannelBoxServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelBoxServer.class.getName());

    private final WeldContainer cdi;
    private final EmbeddedContainer container;
    private final ChannelBoxRuntime runtime;
    private final ChannelBox box;

    private ChannelBoxServer(WeldContainer cdi, EmbeddedContainer container, ChannelBoxRuntime runtime, ChannelBox box) {
        this.cdi = cdi;
        this.container = container;
        this.runtime = runtime;
        this.box = box;
    }

    /**
     * A builder with the defaults, the HTTP timeouts read from system properties or the environment.
     *
     * @throws IllegalArgumentException such a setting cannot be read (naming it and its value)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the real one when started on port 0). */
    public int port() {
        return container.getPort();
    }

    /** The application's {@link ChannelBox}. */
    public ChannelBox channelBox() {
        return box;
    }

    /** A bean of the application with these qualifiers (none: {@code @Default}), for tests. */
    public <T> T select(Class<T> type, java.lang.annotation.Annotation... qualifiers) {
        return cdi.select(type, qualifiers).get();
    }

    /** Blocks until the JVM is interrupted (the demo's main thread). */
    public void awaitTermination() throws InterruptedException {
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        runtime.close(); // 1001 to everyone, outboxes drain for up to shutdownGrace
        container.stop();
        cdi.shutdown();
    }

    /** Configures and starts a {@link ChannelBoxServer}. */
    public static final class Builder {
        private ChannelBoxConfig config;
        private String host = "localhost";
        private int port = 8080;
        private final List<Class<?>> beanClasses = new ArrayList<>();
        private final List<Class<?>> packages = new ArrayList<>();
        private String staticRoot;
        private Duration handshakeTimeout = setting("handshake-timeout", Duration.ofSeconds(10));
        private Duration httpIdleTimeout = setting("http-idle-timeout", Duration.ofSeconds(30));

        private Builder() {
        }

        /** The interface to bind; {@code "localhost"} by default, {@code "0.0.0.0"} for every interface. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port; 0 picks a free one ({@link #port()} tells which). 8080 by default. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Beans of the application (consumers, handler classes, producers ...). */
        public Builder beanClasses(Class<?>... classes) {
            beanClasses.addAll(List.of(classes));
            return this;
        }

        /** Every class in the packages of these classes, and their subpackages, is a bean. */
        public Builder packages(Class<?>... markers) {
            packages.addAll(List.of(markers));
            return this;
        }

        /** Serves the class path resources under {@code root} (for example {@code "/static/"}) at {@code /}. */
        public Builder staticResources(String root) {
            this.staticRoot = root.endsWith("/") ? root : root + "/";
            return this;
        }

        /**
         * How long a new connection may take to send a complete request head (the WebSocket
         * opening handshake, or a first HTTP request); then the server closes it, without an
         * answer. 10 s by default, or system property {@code channelbox.handshake-timeout} /
         * environment variable {@code CHANNELBOX_HANDSHAKE_TIMEOUT} (milliseconds or ISO-8601 such as
         * {@code PT5S}); zero turns it off. Never applies to an upgraded WebSocket connection (the
         * heartbeat and {@code idleTimeout} of {@code ChannelBoxConfig} govern those).
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = nonNegative("handshakeTimeout", timeout);
            return this;
        }

        /**
         * How long a plain HTTP keep-alive connection may stay idle after a response before the
         * next request head is complete; then the server closes it. 30 s by default, or
         * {@code channelbox.http-idle-timeout} / {@code CHANNELBOX_HTTP_IDLE_TIMEOUT}; zero turns it
         * off. Never applies to an upgraded WebSocket connection.
         */
        public Builder httpIdleTimeout(Duration timeout) {
            this.httpIdleTimeout = nonNegative("httpIdleTimeout", timeout);
            return this;
        }

        /**
         * The configuration, instead of the one from system properties and environment variables (or
         * an application's producer): for several servers in one JVM with different settings.
         */
        public Builder config(ChannelBoxConfig config) {
            this.config = java.util.Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Starts CDI (only the given classes and packages are beans: no class path scanning) and the
         * server.
         *
         * @throws IllegalStateException CDI deployment failed (every problem in the message) or the
         *         server could not start (port in use ...)
         */
        public ChannelBoxServer start() {
            // Without discovery Weld SE does not load service-provider extensions: add ours.
            Weld weld = new Weld().disableDiscovery().addExtension(new ChannelBoxExtension());
            if (config != null) {
                weld.addExtension(new FixedConfig(config));
            }
            beanClasses.forEach(weld::addBeanClass);
            packages.forEach(p -> weld.addPackages(true, p));
            WeldContainer cdi = weld.initialize();
            EmbeddedContainer container = null;
            try {
                ChannelBoxExtension extension = cdi.getBeanManager().getExtension(ChannelBoxExtension.class);
                DefaultChannelBox box = cdi.select(DefaultChannelBox.class).get();
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                container = new EmbeddedContainer(host, staticRoot, loader != null ? loader : ChannelBoxServer.class.getClassLoader(),
                        new HandshakeGate(extension.routes(), box.runtime()), box.runtime(), handshakeTimeout, httpIdleTimeout);
                EndpointRegistrar.register(container, extension);
                container.start("/", port);
                ChannelBoxServer server = new ChannelBoxServer(cdi, container, box.runtime(), box);
                LOG.info(() -> "ChannelBox: listening on http://" + host + ":" + server.port() + "/");
                return server;
            } catch (Exception | LinkageError e) {
                if (container != null) {
                    container.stop();
                }
                cdi.shutdown();
                throw new IllegalStateException("ChannelBox server did not start: " + rootMessage(e), e);
            }
        }

        /** The message of the first exception that is not CDI's wrapping of what a bean threw. */
        private static String rootMessage(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                    || t.getClass().getName().startsWith("org.jboss.weld.") || t.getClass().getName().startsWith("jakarta.enterprise.")
                    || t instanceof java.lang.reflect.InvocationTargetException)) {
                t = t.getCause();
            }
            return t.getMessage() != null ? t.getMessage() : t.toString();
        }

        private static Duration nonNegative(String name, Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return value;
        }

        /** A server setting read as ChannelBoxConfig reads its own: system property, then environment. */
        private static Duration setting(String name, Duration fallback) {
            return Settings.read(name, v -> nonNegative(name, Settings.duration(v)), fallback);
        }
    }
}

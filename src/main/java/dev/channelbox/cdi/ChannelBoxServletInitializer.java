package dev.channelbox.cdi;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fallback for containers that do not fire {@code @Initialized(ApplicationScoped.class)} with
 * the {@code ServletContext} in time to add endpoints: registers a listener whose
 * {@code contextInitialized} (CDI and the WebSocket container are both up by then, and endpoints
 * may still be added) registers the routes, unless {@link WebAppRegistration} already did. The
 * registrar's once-per-application guard makes the two paths safe together. It also adds the
 * {@link HandshakePeerListener}, which gives {@code WebSocket.client()} the peer's address.
 */
public final class ChannelBoxServletInitializer implements ServletContainerInitializer {

    private static final Logger LOG = Logger.getLogger(ChannelBoxServletInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addListener(new Registration());
        // the peer's address for WebSocket.client(): no container passes it to the handshake portably
        context.addListener(new HandshakePeerListener());
        // the handshake checks before the upgrade, for real 401/403 answers where the container lets us
        var filter = context.addFilter("channelbox-handshake-gate", new HandshakeGateFilter());
        if (filter != null) { // null: the application declared a filter of that name itself
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(null, false, "/*");
        }
    }

    static final class Registration implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ChannelBoxExtension extension;
            try {
                extension = CDI.current().getBeanManager().getExtension(ChannelBoxExtension.class);
            } catch (RuntimeException noCdi) {
                LOG.log(Level.FINE, "ChannelBox: CDI is not enabled in this web application; no routes to register", noCdi);
                return;
            }
            try {
                WebAppRegistration.register(event.getServletContext(), extension);
            } catch (jakarta.websocket.DeploymentException e) {
                throw new IllegalStateException("ChannelBox: registering the WebSocket routes failed: " + e.getMessage(), e);
            }
        }
    }
}

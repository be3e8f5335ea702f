package dev.channelbox.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import java.util.logging.Logger;

/**
 * Registers the routes in a web application, when the application scope starts: endpoints may be
 * added only while the application is being deployed, and this event fires during deployment in
 * every Jakarta EE container. Kept apart from the extension so the standalone runtime, which has no
 * Servlet API, never loads it.
 */
class WebAppRegistration {

    private static final Logger LOG = Logger.getLogger(WebAppRegistration.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) ServletContext context, BeanManager bm)
            throws DeploymentException {
        register(context, bm.getExtension(ChannelBoxExtension.class));
    }

    static void register(ServletContext context, ChannelBoxExtension extension) throws DeploymentException {
        Object container = context.getAttribute(ServerContainer.class.getName());
        if (container instanceof ServerContainer sc) {
            EndpointRegistrar.register(sc, extension);
            // the engine starts now, on the deploying thread: it takes the container's managed thread
            // factory from java:comp, which is the application's here (not on every container thread later)
            extension.channelBox().runtime();
        } else {
            LOG.warning("ChannelBox: this web application has no jakarta.websocket.server.ServerContainer;"
                    + " enable WebSocket support in the container (routes are not registered)");
        }
    }
}

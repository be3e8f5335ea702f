package dev.channelbox.cdi;

import dev.channelbox.internal.Route;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.logging.Logger;

/**
 * Registers one programmatic {@link ServerEndpointConfig} per route on a container's
 * {@link ServerContainer}: from {@link WebAppRegistration} in a web application, from the
 * standalone server otherwise. Every route shares the one {@link RouteEndpoint} class (Tyrus only
 * sets its container up when it finds an {@code Endpoint} subclass, and one class is enough).
 */
public final class EndpointRegistrar {

    private static final Logger LOG = Logger.getLogger(EndpointRegistrar.class.getName());

    private EndpointRegistrar() {
    }

    /**
     * Registers the extension's routes, once per application.
     *
     * @return whether this call registered them (false if an earlier call did)
     */
    public static boolean register(ServerContainer container, ChannelBoxExtension extension) throws DeploymentException {
        if (!extension.claimRegistration()) {
            return false;
        }
        for (Route route : extension.routes()) {
            ServerEndpointConfig config = ServerEndpointConfig.Builder.create(RouteEndpoint.class, route.path())
                    .configurator(new RouteConfigurator(route, extension))
                    .build();
            container.addEndpoint(config);
            LOG.fine(() -> "ChannelBox: route " + route);
        }
        LOG.info(() -> "ChannelBox: " + extension.routes().size() + " WebSocket route(s) registered");
        return true;
    }
}

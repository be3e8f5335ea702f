package dev.channelbox.cdi;

import dev.channelbox.internal.HandshakePeer;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Records the remote address and port of every WebSocket upgrade request in {@link HandshakePeer},
 * so {@link RouteConfigurator} can give {@code WebSocket.client()} both. Jakarta WebSocket before 2.3
 * has no API for the peer's address, and none of the containers hands it over portably: Payara's
 * Tyrus, WildFly's Undertow and Open Liberty each keep it in an implementation class. Every one of
 * them runs the upgrade (and so the configurator's {@code modifyHandshake}) inside the servlet
 * request, on the thread that began it; a request listener runs on that thread before any filter,
 * whatever the order of the container's WebSocket filter and ours would have been.
 */
final class HandshakePeerListener implements ServletRequestListener {

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        ServletRequest request = event.getServletRequest();
        if (request instanceof HttpServletRequest http && "websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            HandshakePeer.set(request.getRemoteAddr(), request.getRemotePort());
        } else {
            HandshakePeer.clear(); // never leave an earlier request's peer on a pooled thread
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        HandshakePeer.clear();
    }
}

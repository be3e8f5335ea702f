package dev.channelbox.internal;

import dev.channelbox.Handshake;
import dev.channelbox.HandshakeGuard;
import dev.channelbox.Verdict;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who may open a route: its guard (a CDI bean, resolved on first use), then the authentication and
 * role requirements. The guard runs first because it may name the user (a token), which then counts
 * as authenticated; roles are the container's.
 */
public record RouteAccess(boolean authenticated, List<String> rolesAllowed, Supplier<HandshakeGuard> guard) {

    private static final Logger LOG = Logger.getLogger(RouteAccess.class.getName());

    public static final RouteAccess OPEN = new RouteAccess(false, List.of(), null);

    public RouteAccess {
        rolesAllowed = List.copyOf(rolesAllowed);
    }

    Verdict check(Handshake h, String source) {
        Verdict guardVerdict = Verdict.allow();
        if (guard != null) {
            try {
                guardVerdict = guard.get().check(h);
                if (guardVerdict == null) {
                    throw new NullPointerException("the guard returned null");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ChannelBox: the handshake guard of " + source + " threw; refusing " + h, e);
                return Verdict.forbidden("handshake refused");
            }
            if (!guardVerdict.isAllowed()) {
                return guardVerdict;
            }
        }
        boolean known = guardVerdict.identity().isPresent() || h.principal().isPresent();
        if ((authenticated || !rolesAllowed.isEmpty()) && !known) {
            return Verdict.unauthorized("authentication required");
        }
        if (!rolesAllowed.isEmpty() && rolesAllowed.stream().noneMatch(h::isUserInRole)) {
            return Verdict.forbidden("not allowed");
        }
        return guardVerdict;
    }
}

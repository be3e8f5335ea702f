package dev.channelbox;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP upgrade request of a WebSocket connection, as a {@link HandshakeGuard} sees it before the
 * connection exists. Immutable.
 */
public interface Handshake {

    /** The request path, for example {@code /secure/lobby}. */
    String path();

    /** The values of the route's {@code {name}} segments. */
    Map<String, String> pathParams();

    /** The headers, names in lower case, repeated headers joined with {@code ", "}. */
    Map<String, String> headers();

    /** The decoded query parameters, the first value of each name. */
    Map<String, String> queryParams();

    /** The cookies sent, by name. */
    Map<String, String> cookies();

    /** The user the container authenticated (servlet security), if any. */
    Optional<Principal> principal();

    /** Whether the container's authenticated user has {@code role}. */
    boolean isUserInRole(String role);

    /** The remote address and port. */
    WebSocket.Client client();
}

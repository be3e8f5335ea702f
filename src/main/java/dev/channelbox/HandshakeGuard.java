package dev.channelbox;

/**
 * A custom check of the upgrade request (a bearer token, a cookie, an API key ...), named on a route
 * with {@code @WebSocketRoute(value = "/secure/{room}", guard = TokenGuard.class)}. The guard is a
 * CDI bean (any scope), so it can {@code @Inject} what it needs; it is called on the container's
 * thread during the handshake, once per connection attempt, and must be thread-safe and quick.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class TokenGuard implements HandshakeGuard {
 *     public Verdict check(Handshake h) {
 *         String token = h.headers().getOrDefault("authorization", "").replaceFirst("^Bearer ", "");
 *         return tokens.userFor(token).map(Verdict::allow).orElse(Verdict.unauthorized("invalid token"));
 *     }
 * }
 * }</pre>
 *
 * <p>A refused client never reaches {@code onConnect} or the handler, never joins a group and never
 * receives a message: where the runtime can refuse the upgrade itself it answers with the verdict's
 * HTTP status (401 or 403); elsewhere it accepts and closes at once with 1008 and the reason. The
 * identity a guard returns is {@link WebSocket#principal()} for the connection.
 */
@FunctionalInterface
public interface HandshakeGuard {

    /** Decides whether the connection may open. An exception counts as a refusal (403) and is logged. */
    Verdict check(Handshake handshake);
}

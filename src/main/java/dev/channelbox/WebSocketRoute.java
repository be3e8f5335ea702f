package dev.channelbox;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Stereotype;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a WebSocket route: on a class extending {@link WebSocketConsumer}, a consumer; on a method
 * of a CDI bean, a route handler.
 *
 * <pre>{@code
 * @WebSocketRoute("/chat/{room_id}")
 * public class ChatRoom extends WebSocketConsumer<Map<String, Object>> { ... }
 *
 * @ApplicationScoped
 * public class Routes {
 *     @WebSocketRoute("/ws")
 *     void echo(WebSocket ws) {
 *         ws.accept();
 *         while (true) ws.sendText("You said: " + ws.receiveText());
 *     }
 * }
 * }</pre>
 *
 * <p>The path is absolute within the web application and may contain {@code {name}} segments
 * (Jakarta WebSocket URI templates, level 1); their values are {@link WebSocket#pathParams()} and
 * can be bound to handler parameters with {@code @jakarta.websocket.server.PathParam("name")}.
 *
 * <p><b>Discovery.</b> This annotation is a CDI stereotype that defaults the scope to
 * {@code @Dependent}, so an annotated consumer is discovered in any bean archive, including
 * {@code bean-discovery-mode="annotated"}. A handler method is found only on a class that is a bean
 * (give it a scope such as {@code @ApplicationScoped}). Consumers must stay {@code @Dependent}: each
 * connection gets its own instance. Every problem (duplicate path, malformed template, normal-scoped
 * or abstract consumer, wrong handler signature) is reported at deployment, all at once.
 */
@Stereotype
@Dependent
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WebSocketRoute {

    /** The path template, for example {@code "/chat/{room_id}"}. Must start with {@code /}. */
    String value();

    /** This route's outbox limit in messages per connection; -1 (the default): {@link ChannelBoxConfig}'s. */
    int outboxMaxMessages() default -1;

    /** This route's outbox limit in bytes per connection; -1 (the default): {@link ChannelBoxConfig}'s. */
    long outboxMaxBytes() default -1;

    /**
     * This route's overflow policy, as a one-element array ({@code overflowPolicy = OverflowPolicy.DROP_OLDEST});
     * empty (the default): {@link ChannelBoxConfig}'s. (An array because an annotation has no "unset".)
     */
    OverflowPolicy[] overflowPolicy() default {};

    /** This route's send timeout in milliseconds; -1 (the default): {@link ChannelBoxConfig}'s. */
    long sendTimeoutMillis() default -1;

    /**
     * Largest inbound message in bytes (text counted in UTF-8 bytes, or binary; one frame or the sum of
     * its fragments); beyond: closed with 1009 before user code sees it. -1: the application's (64 KiB).
     */
    int maxMessageSize() default -1;

    /**
     * Browser origins allowed to connect ({@code "https://chat.example.com"}, {@code "http://localhost:*"},
     * {@code "*"} for any); a page from another origin is refused with HTTP 403. Empty: the application's
     * ({@link ChannelBoxConfig#allowedOrigins()}, by default the same origin only).
     */
    String[] allowedOrigins() default {};

    /** Inbound messages per second per connection; -1: the application's (unlimited). */
    double rateLimit() default -1;

    /** Messages allowed in a burst above the rate; -1: the application's. */
    int rateBurst() default -1;

    /** What an inbound message over the rate gets, as a one-element array; empty: the application's. */
    RateLimitAction[] rateLimitAction() default {};

    /** Connections from one client address to this route at once; -1: the application's (unlimited). */
    int maxConnectionsPerAddress() default -1;

    /** Members a group may have when a channel of this route joins it; -1: the application's (unlimited). */
    int maxGroupMembers() default -1;

    /** Only a user the container authenticated (or a guard named) may connect; others: 401. */
    boolean authenticated() default false;

    /** The user must have one of these roles (container security); others: 403. Implies {@link #authenticated()}. */
    String[] rolesAllowed() default {};

    /** A custom check of the handshake, a CDI bean; see {@link HandshakeGuard}. At most one. */
    Class<? extends HandshakeGuard>[] guard() default {};

    /**
     * Positioned delivery: group messages reach this route's clients in an envelope that carries the
     * group and the message's {@link Position}, and the clients may ask to recover what they missed
     * (a {@code recover} query parameter, or a message). Off by default: the application's messages
     * go out exactly as sent. The protocol is in the README ("Positions and recovery").
     */
    boolean positioned() default false;

    /**
     * Presence for this route's clients (implies {@link #positioned()}): when the channel joins a
     * group its client gets the group's members with their {@link Channel#attributes() attributes},
     * then every join and leave of the group, in the group's order, as
     * {@code {"channelbox":"members"|"join"|"leave",...}} frames (README, "Presence").
     */
    boolean presence() default false;
}

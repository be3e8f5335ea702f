package dev.channelbox.internal;

import dev.channelbox.PayloadType;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * Everything the runtime needs to know about one route, decided at deployment by the CDI extension
 * and immutable afterwards: the runtime never looks at annotations.
 */
public final class Route {

    /** The two styles of Nexios. */
    public enum Kind { CONSUMER, HANDLER }

    /**
     * Creates and destroys the user's object for one connection (a consumer, or a handler's bean), and
     * starts the context each call of it runs in.
     */
    public interface InstanceProvider {
        Instance create();

        /**
         * Starts, on the calling thread, the context one call of user code runs in (with CDI: a request
         * context, so {@code @RequestScoped} beans work); closing the result ends it, destroying what
         * it held. Called by the thread that then runs the call, and closed by it.
         */
        default Call beginCall() {
            return Call.NONE;
        }
    }

    /** One call's context, ended by {@link #close()}. */
    public interface Call extends AutoCloseable {
        Call NONE = () -> { };

        @Override
        void close();
    }

    /** One user object and how to release it ({@code @PreDestroy} for a dependent bean). */
    public interface Instance {
        Object get();

        void destroy();
    }

    private final String path;
    private final Kind kind;
    private final String source;
    private final Type messageType;
    private final PayloadType inferredEncoding;
    private final Method method;
    private final List<String> parameters;
    private final InstanceProvider instances;
    private final RouteSettings settings;
    private final RouteAccess access;

    private Route(String path, Kind kind, String source, Type messageType, PayloadType inferredEncoding,
                  Method method, List<String> parameters, InstanceProvider instances, RouteSettings settings,
                  RouteAccess access) {
        this.path = Objects.requireNonNull(path);
        this.kind = kind;
        this.source = source;
        this.messageType = messageType;
        this.inferredEncoding = inferredEncoding;
        this.method = method;
        this.parameters = parameters;
        this.instances = Objects.requireNonNull(instances);
        this.settings = Objects.requireNonNull(settings);
        this.access = Objects.requireNonNull(access);
    }

    /**
     * A consumer route.
     *
     * @param messageType the consumer's {@code T}, resolved against its class hierarchy
     */
    public static Route consumer(String path, Class<?> consumerClass, Type messageType, InstanceProvider instances,
                                 RouteSettings settings, RouteAccess access) {
        return new Route(path, Kind.CONSUMER, consumerClass.getName(), messageType,
                MessageTypes.inferEncoding(messageType), null, null, instances, settings, access);
    }

    /**
     * A handler route.
     *
     * @param parameters per method parameter: {@code null} for the {@code WebSocket}, else the name
     *                   of the path parameter bound to it
     */
    public static Route handler(String path, Method method, List<String> parameters, InstanceProvider instances,
                                RouteSettings settings, RouteAccess access) {
        method.setAccessible(true); // package-private handler methods are fine
        return new Route(path, Kind.HANDLER, method.getDeclaringClass().getName() + "#" + method.getName(),
                null, null, method, List.copyOf(nullsAllowed(parameters)), instances, settings, access);
    }

    private static List<String> nullsAllowed(List<String> parameters) {
        // List.copyOf refuses nulls; keep the positions with an empty marker instead
        return parameters.stream().map(p -> p == null ? "" : p).toList();
    }

    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    /** The class (consumer) or {@code Class#method} (handler), for log and error messages. */
    public String source() {
        return source;
    }

    Type messageType() {
        return messageType;
    }

    PayloadType inferredEncoding() {
        return inferredEncoding;
    }

    Method method() {
        return method;
    }

    /** Per handler parameter: {@code ""} for the {@code WebSocket}, else a path parameter name. */
    List<String> parameters() {
        return parameters;
    }

    InstanceProvider instances() {
        return instances;
    }

    RouteSettings settings() {
        return settings;
    }

    RouteAccess access() {
        return access;
    }

    @Override
    public String toString() {
        return path + " -> " + source;
    }
}

package dev.channelbox.cdi;

import dev.channelbox.HandshakeGuard;
import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;
import dev.channelbox.internal.PathTemplate;
import dev.channelbox.internal.Route;
import dev.channelbox.internal.RouteAccess;
import dev.channelbox.internal.RouteSettings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.websocket.server.PathParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Validates one {@link WebSocketRoute} consumer class or handler method and builds its {@link Route}:
 * every problem found is added to the caller's list (the extension reports them all at once) and no
 * route is built for a declaration with problems. Made by {@link ChannelBoxExtension} at deployment
 * validation, on the container's deployment thread; the routes' guard suppliers it builds run later,
 * on handshake threads, and only read the maps given here (no longer written by then).
 */
final class RouteBuilder {

    private final BeanManager beanManager;
    private final Map<Class<?>, Bean<?>> beans;
    private final Map<Class<?>, Bean<?>> guardBeans;

    RouteBuilder(BeanManager beanManager, Map<Class<?>, Bean<?>> beans, Map<Class<?>, Bean<?>> guardBeans) {
        this.beanManager = beanManager;
        this.beans = beans;
        this.guardBeans = guardBeans;
    }

    // ---------------------------------------------------------------- consumers

    Route consumerRoute(Class<?> c, WebSocketRoute annotation, List<String> problems) {
        int before = problems.size();
        String name = c.getName();
        String path = annotation.value();
        checkRoute(annotation, name, problems);
        if (!WebSocketConsumer.class.isAssignableFrom(c)) {
            problems.add(name + " is annotated @WebSocketRoute but does not extend WebSocketConsumer"
                    + " (to write a route handler, annotate a method instead)");
            return null;
        }
        if (Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
            problems.add(name + " is abstract: a consumer on " + path + " must be a concrete class");
            return null;
        }
        Type messageType = ConsumerMessageType.of(c);
        if (messageType == null) {
            problems.add("cannot tell what " + name + " receives: declare it as extends WebSocketConsumer<YourType>");
        }
        Bean<?> bean = beans.get(c);
        if (bean == null) {
            problems.add(name + " is not a CDI bean (it needs a no-argument or @Inject constructor and must not be vetoed)");
        } else if (bean.getScope() != Dependent.class) {
            problems.add(name + " is @" + bean.getScope().getSimpleName() + ": a consumer must be @Dependent"
                    + " (the default), since every connection gets its own instance");
        }
        if (problems.size() > before) {
            return null;
        }
        return Route.consumer(path, c, messageType, BeanInstances.dependent(beanManager, bean), RouteSettings.of(annotation),
                access(annotation));
    }

    // ---------------------------------------------------------------- handlers

    /**
     * A handler parameter without {@code jakarta.websocket.server.PathParam}. The usual cause is an
     * IDE's first suggestion in a project with REST: {@code jakarta.ws.rs.PathParam}, which looks the
     * same; the message names both (and so for any other framework's annotation named PathParam).
     */
    private static String withoutPathParam(String handler, Parameter p) {
        String needed = "@" + PathParam.class.getName() + "(\"name\")";
        for (Annotation a : p.getAnnotations()) {
            Class<? extends Annotation> type = a.annotationType();
            if (type.getSimpleName().equals("PathParam")) {
                String found = type.getCanonicalName() != null ? type.getCanonicalName() : type.getName();
                return "handler " + handler + " has a parameter of type " + p.getType().getSimpleName()
                        + " annotated with @" + found + ", which WebSocket routes do not read:"
                        + " use " + needed;
            }
        }
        return "handler " + handler + " has a parameter of type " + p.getType().getSimpleName()
                + " without " + needed + ": a handler takes a WebSocket and path parameters as String values";
    }

    Route handlerRoute(Method m, WebSocketRoute annotation, List<String> problems) {
        int before = problems.size();
        String name = m.getDeclaringClass().getName() + "#" + m.getName();
        String path = annotation.value();
        checkRoute(annotation, name, problems);
        if (Modifier.isStatic(m.getModifiers())) {
            problems.add("handler " + name + " must not be static");
        }
        if (m.getReturnType() != void.class) {
            problems.add("handler " + name + " must return void, not " + m.getReturnType().getSimpleName());
        }
        Set<String> variables = Set.copyOf(PathTemplate.variables(path));
        List<String> parameters = new ArrayList<>();
        int sockets = 0;
        for (Parameter p : m.getParameters()) {
            PathParam pp = p.getAnnotation(PathParam.class);
            if (p.getType() == WebSocket.class && pp == null) {
                sockets++;
                parameters.add(null);
            } else if (pp == null) {
                problems.add(withoutPathParam(name, p));
            } else if (p.getType() != String.class) {
                problems.add("handler " + name + ": @PathParam(\"" + pp.value() + "\") must be a String, not "
                        + p.getType().getSimpleName());
            } else if (!variables.contains(pp.value())) {
                problems.add("handler " + name + ": @PathParam(\"" + pp.value() + "\") is not a parameter of the path " + path);
            } else {
                parameters.add(pp.value());
            }
        }
        if (sockets != 1) {
            problems.add("handler " + name + " must take exactly one WebSocket parameter, it has " + sockets);
        }
        Bean<?> bean = beans.get(m.getDeclaringClass());
        if (bean == null) {
            problems.add("handler " + name + " is declared in " + m.getDeclaringClass().getName()
                    + ", which is not a CDI bean (give the class a scope such as @ApplicationScoped)");
        } else if (bean.getScope() != Dependent.class && bean.getScope() != ApplicationScoped.class
                && bean.getScope() != Singleton.class) {
            problems.add("handler " + name + " is declared in a @" + bean.getScope().getSimpleName()
                    + " bean, which is not active for a WebSocket connection: use @ApplicationScoped, @Singleton or @Dependent");
        }
        if (problems.size() > before) {
            return null;
        }
        return Route.handler(path, m, parameters,
                bean.getScope() == Dependent.class ? BeanInstances.dependent(beanManager, bean) : BeanInstances.shared(beanManager, bean),
                RouteSettings.of(annotation), access(annotation));
    }

    /** The route's access rules; its guard bean is looked up once, on the first handshake. */
    private RouteAccess access(WebSocketRoute route) {
        if (!route.authenticated() && route.rolesAllowed().length == 0 && route.guard().length == 0) {
            return RouteAccess.OPEN;
        }
        Supplier<HandshakeGuard> guard = null;
        if (route.guard().length == 1) {
            Class<? extends HandshakeGuard> type = route.guard()[0];
            guard = new Supplier<>() {
                private volatile HandshakeGuard instance;

                @Override
                public HandshakeGuard get() {
                    HandshakeGuard g = instance;
                    if (g == null) {
                        Bean<?> bean = guardBeans.get(type);
                        g = instance = bean != null
                                ? type.cast(beanManager.getReference(bean, type, beanManager.createCreationalContext(bean)))
                                : beanManager.createInstance().select(type).get();
                    }
                    return g;
                }
            };
        }
        return new RouteAccess(route.authenticated(), List.of(route.rolesAllowed()), guard);
    }

    private void checkGuard(WebSocketRoute route, String where, List<String> problems) {
        if (route.guard().length > 1) {
            problems.add("@WebSocketRoute(\"" + route.value() + "\") on " + where + ": guard takes one class, not "
                    + route.guard().length);
        }
        for (Class<?> g : route.guard()) {
            if (!guardBeans.containsKey(g) && beanManager.getBeans(g).isEmpty()) {
                problems.add("@WebSocketRoute(\"" + route.value() + "\") on " + where + ": the guard " + g.getName()
                        + " is not a CDI bean (give it a scope such as @ApplicationScoped)");
            }
        }
    }

    private void checkRoute(WebSocketRoute route, String where, List<String> problems) {
        checkGuard(route, where, problems);
        for (String p : PathTemplate.problems(route.value())) {
            problems.add("malformed path '" + route.value() + "' on " + where + ": " + p);
        }
        for (String p : RouteSettings.problems(route)) {
            problems.add("@WebSocketRoute(\"" + route.value() + "\") on " + where + ": " + p);
        }
    }
}

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
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.inject.Singleton;
import jakarta.websocket.server.PathParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The portable extension: collects {@link WebSocketRoute} consumers and handlers while the container
 * scans, validates them once every bean is known and reports every problem at once, and keeps the
 * resulting immutable {@link Route}s for {@link EndpointRegistrar}. It never touches a connection.
 *
 * <p>Container phases, in order: {@link BeforeBeanDiscovery} adds our own beans (the jar's
 * beans.xml excludes all its classes from scanning); {@link ProcessAnnotatedType} collects annotated types;
 * {@link ProcessManagedBean} remembers their beans; {@link AfterDeploymentValidation} validates and
 * builds the routes. All on the container's deployment thread.
 */
public class ChannelBoxExtension implements Extension {

    private final List<AnnotatedType<?>> consumerTypes = new ArrayList<>();
    private final List<AnnotatedMethod<?>> handlerMethods = new ArrayList<>();
    private final Map<Class<?>, Bean<?>> beans = new HashMap<>();
    private final AtomicBoolean registered = new AtomicBoolean();
    private volatile List<Route> routes = List.of();
    private volatile BeanManager beanManager;
    private volatile Bean<?> channelBoxBean;
    // guard beans as discovered: resolving them through our bean manager fails on Payara (see channelBox())
    private final Map<Class<?>, Bean<?>> guardBeans = new java.util.concurrent.ConcurrentHashMap<>();

    void addOwnBeans(@Observes BeforeBeanDiscovery bbd, BeanManager bm) {
        bbd.addAnnotatedType(bm.createAnnotatedType(DefaultChannelBox.class), DefaultChannelBox.class.getName());
        bbd.addAnnotatedType(bm.createAnnotatedType(ConfigProducer.class), ConfigProducer.class.getName());
        if (isPresent("jakarta.servlet.ServletContext")) {
            bbd.addAnnotatedType(bm.createAnnotatedType(WebAppRegistration.class), WebAppRegistration.class.getName());
        }
    }

    <T> void collect(@Observes @WithAnnotations(WebSocketRoute.class) ProcessAnnotatedType<T> pat) {
        AnnotatedType<T> type = pat.getAnnotatedType();
        if (type.isAnnotationPresent(WebSocketRoute.class)) {
            consumerTypes.add(type);
        }
        for (AnnotatedMethod<? super T> method : type.getMethods()) {
            // only methods declared here: an inherited one belongs to its own class's route
            if (method.isAnnotationPresent(WebSocketRoute.class)
                    && method.getJavaMember().getDeclaringClass() == type.getJavaClass()) {
                handlerMethods.add(method);
            }
        }
    }

    void rememberBean(@Observes ProcessManagedBean<?> pmb) {
        Class<?> c = pmb.getAnnotatedBeanClass().getJavaClass();
        if (c.isAnnotationPresent(WebSocketRoute.class) || hasHandler(c)) {
            beans.put(c, pmb.getBean());
        }
        if (c == DefaultChannelBox.class) {
            channelBoxBean = pmb.getBean();
        }
        if (HandshakeGuard.class.isAssignableFrom(c)) {
            guardBeans.put(c, pmb.getBean());
        }
    }

    void validate(@Observes AfterDeploymentValidation adv, BeanManager bm) {
        this.beanManager = bm;
        List<String> problems = new ArrayList<>();
        List<Route> built = new ArrayList<>();
        for (AnnotatedType<?> type : consumerTypes) {
            Route r = consumerRoute(type.getJavaClass(), type.getAnnotation(WebSocketRoute.class), problems);
            if (r != null) {
                built.add(r);
            }
        }
        for (AnnotatedMethod<?> method : handlerMethods) {
            Route r = handlerRoute(method.getJavaMember(), method.getAnnotation(WebSocketRoute.class), problems);
            if (r != null) {
                built.add(r);
            }
        }
        Map<String, Route> byShape = new LinkedHashMap<>();
        for (Route r : built) {
            Route other = byShape.putIfAbsent(PathTemplate.shape(r.path()), r);
            if (other != null) {
                problems.add("two routes define the same path: " + other.path() + " in " + other.source()
                        + " and " + r.path() + " in " + r.source());
            }
        }
        for (String p : problems) {
            adv.addDeploymentProblem(new DeploymentException("ChannelBox: " + p));
        }
        routes = problems.isEmpty() ? List.copyOf(built) : List.of();
    }

    /** The validated routes (empty until deployment validation has passed). */
    public List<Route> routes() {
        return routes;
    }

    /** The application's bean manager, captured at deployment. */
    public BeanManager beanManager() {
        return beanManager;
    }

    /**
     * The application's {@link DefaultChannelBox}: its contextual instance, taken from the application
     * context rather than resolved. Resolution goes through the bean archive of the bean manager at
     * hand, and on Payara the archive of our jar (whose beans.xml makes it one) does not see the
     * beans that this extension adds: {@code select(DefaultChannelBox.class)} is unsatisfied there.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    DefaultChannelBox channelBox() {
        Bean<Object> b = (Bean) channelBoxBean;
        if (b == null) {
            throw new IllegalStateException("ChannelBox: the DefaultChannelBox bean was not deployed");
        }
        return (DefaultChannelBox) beanManager.getContext(b.getScope()).get(b, beanManager.createCreationalContext(b));
    }

    /** True the first time only: registering the endpoints twice is an error in every container. */
    boolean claimRegistration() {
        return registered.compareAndSet(false, true);
    }

    // ---------------------------------------------------------------- consumers

    private Route consumerRoute(Class<?> c, WebSocketRoute annotation, List<String> problems) {
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
        Type messageType = consumerMessageType(c);
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
        return Route.consumer(path, c, messageType, dependentInstances(bean), RouteSettings.of(annotation),
                access(annotation));
    }

    /**
     * The {@code T} of {@code WebSocketConsumer<T>} as seen from {@code c}, with the type variables
     * of intermediate generic superclasses substituted ({@code Base<X> extends WebSocketConsumer<List<X>>},
     * {@code C extends Base<Msg>}: {@code List<Msg>}); null if a variable stays unbound.
     */
    static Type consumerMessageType(Class<?> c) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        Type t = c;
        while (t != null) {
            Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
            Map<TypeVariable<?>, Type> next = new HashMap<>();
            if (t instanceof ParameterizedType p) {
                TypeVariable<?>[] vars = raw.getTypeParameters();
                Type[] args = p.getActualTypeArguments();
                for (int i = 0; i < vars.length; i++) {
                    next.put(vars[i], substitute(args[i], bindings));
                }
            }
            bindings = next;
            if (raw == WebSocketConsumer.class) {
                Type resolved = bindings.get(WebSocketConsumer.class.getTypeParameters()[0]);
                return resolved == null || mentionsTypeVariable(resolved) ? null : resolved;
            }
            t = raw.getGenericSuperclass();
        }
        return null;
    }

    private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
        if (t instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, v);
        }
        if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = substitute(args[i], bindings);
            }
            return new ResolvedType((Class<?>) p.getRawType(), args, p.getOwnerType());
        }
        return t;
    }

    /** {@code List<E>} with {@code E} unbound cannot be decoded: JSON-B would guess the elements. */
    private static boolean mentionsTypeVariable(Type t) {
        if (t instanceof TypeVariable<?>) {
            return true;
        }
        if (t instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                if (mentionsTypeVariable(arg)) {
                    return true;
                }
            }
        }
        return t instanceof java.lang.reflect.GenericArrayType g && mentionsTypeVariable(g.getGenericComponentType());
    }

    /** A parameterized type after substitution, equal to the JDK's own for the same arguments. */
    private record ResolvedType(Class<?> raw, Type[] args, Type owner) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return owner;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && raw.equals(p.getRawType())
                    && java.util.Objects.equals(owner, p.getOwnerType())
                    && java.util.Arrays.equals(args, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(args) ^ java.util.Objects.hashCode(owner) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            return getTypeName();
        }

        @Override
        public String getTypeName() {
            StringBuilder b = new StringBuilder(raw.getName()).append('<');
            for (int i = 0; i < args.length; i++) {
                b.append(i == 0 ? "" : ", ").append(args[i].getTypeName());
            }
            return b.append('>').toString();
        }
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

    private Route handlerRoute(Method m, WebSocketRoute annotation, List<String> problems) {
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
                bean.getScope() == Dependent.class ? dependentInstances(bean) : sharedInstance(bean),
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

    private boolean hasHandler(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.isAnnotationPresent(WebSocketRoute.class)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- instances

    /** A new instance per connection, destroyed (with {@code @PreDestroy}) when it ends. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Route.InstanceProvider dependentInstances(Bean<?> bean) {
        Bean<Object> b = (Bean) bean;
        return () -> {
            CreationalContext<Object> cc = beanManager.createCreationalContext(b);
            Object instance = b.create(cc);
            return new Route.Instance() {
                @Override
                public Object get() {
                    return instance;
                }

                @Override
                public void destroy() {
                    b.destroy(instance, cc);
                }
            };
        };
    }

    /**
     * The one contextual instance of an application-scoped or singleton bean: taken from its context
     * rather than through a client proxy, so the handler method is called on the real object whatever
     * its visibility.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Route.InstanceProvider sharedInstance(Bean<?> bean) {
        Bean<Object> b = (Bean) bean;
        return () -> {
            Object instance = beanManager.getContext(b.getScope()).get(b, beanManager.createCreationalContext(b));
            return new Route.Instance() {
                @Override
                public Object get() {
                    return instance;
                }

                @Override
                public void destroy() {
                    // owned by its context
                }
            };
        };
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, ChannelBoxExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

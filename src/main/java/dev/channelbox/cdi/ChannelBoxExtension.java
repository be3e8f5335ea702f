package dev.channelbox.cdi;

import dev.channelbox.HandshakeGuard;
import dev.channelbox.WebSocketRoute;
import dev.channelbox.internal.PathTemplate;
import dev.channelbox.internal.Route;

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

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The portable extension: collects {@link WebSocketRoute} consumers and handlers while the container
 * scans, validates them once every bean is known and reports every problem at once, and keeps the
 * resulting immutable {@link Route}s for {@link EndpointRegistrar}. It never touches a connection.
 *
 * <p>Container phases, in order: {@link BeforeBeanDiscovery} adds our own beans (the jar's
 * beans.xml excludes all its classes from scanning); {@link ProcessAnnotatedType} collects annotated types;
 * {@link ProcessManagedBean} remembers their beans; {@link AfterDeploymentValidation} validates and
 * builds the routes. All on the container's deployment thread.
 *
 * <p>The extension only observes and keeps state; validating and building each route is
 * {@link RouteBuilder}'s (with {@link ConsumerMessageType} for what a consumer receives and
 * {@link BeanInstances} for where its instances come from).
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
        if (isPresent("org.eclipse.microprofile.health.HealthCheck")) {
            bbd.addAnnotatedType(bm.createAnnotatedType(BrokerReadiness.class), BrokerReadiness.class.getName());
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
        RouteBuilder builder = new RouteBuilder(bm, beans, guardBeans);
        List<String> problems = new ArrayList<>();
        List<Route> built = new ArrayList<>();
        for (AnnotatedType<?> type : consumerTypes) {
            Route r = builder.consumerRoute(type.getJavaClass(), type.getAnnotation(WebSocketRoute.class), problems);
            if (r != null) {
                built.add(r);
            }
        }
        for (AnnotatedMethod<?> method : handlerMethods) {
            Route r = builder.handlerRoute(method.getJavaMember(), method.getAnnotation(WebSocketRoute.class), problems);
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

    private boolean hasHandler(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.isAnnotationPresent(WebSocketRoute.class)) {
                return true;
            }
        }
        return false;
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

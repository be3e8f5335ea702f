package dev.channelbox.cdi;

import dev.channelbox.internal.Route;

import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Where a route's consumer or handler instance comes from, per connection: a new {@code @Dependent}
 * instance, or the one instance of an application-scoped or singleton bean; and the request context
 * each call of it runs in. Any thread.
 */
final class BeanInstances {

    private BeanInstances() {
    }

    /** An instance and what ends it. */
    private record Held(Object get, Runnable onDestroy) implements Route.Instance {
        @Override
        public void destroy() {
            onDestroy.run();
        }
    }

    /** Creates instances one way, and runs each call in a request context of its own. */
    private record Provider(java.util.function.Supplier<Route.Instance> creator, RequestContexts contexts)
            implements Route.InstanceProvider {
        @Override
        public Route.Instance create() {
            return creator.get();
        }

        @Override
        public Route.Call beginCall() {
            return contexts.begin();
        }
    }

    /** A new instance per connection, destroyed (with {@code @PreDestroy}) when it ends. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Route.InstanceProvider dependent(BeanManager beanManager, Bean<?> bean) {
        Bean<Object> b = (Bean) bean;
        return new Provider(() -> {
            CreationalContext<Object> cc = beanManager.createCreationalContext(b);
            Object instance = b.create(cc);
            return new Held(instance, () -> b.destroy(instance, cc));
        }, new RequestContexts(beanManager));
    }

    /**
     * The one contextual instance of an application-scoped or singleton bean: taken from its context
     * rather than through a client proxy, so the handler method is called on the real object whatever
     * its visibility. Its context owns it: nothing to destroy.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Route.InstanceProvider shared(BeanManager beanManager, Bean<?> bean) {
        Bean<Object> b = (Bean) bean;
        return new Provider(() -> new Held(beanManager.getContext(b.getScope()).get(b, beanManager.createCreationalContext(b)),
                () -> { }), new RequestContexts(beanManager));
    }

    /**
     * CDI's request context around one call of user code, through the standard
     * {@link RequestContextController}: activated on the calling thread, and deactivated (its
     * {@code @RequestScoped} beans destroyed) by the same thread when the call returns. Where a request
     * context is already active on the thread (a container that runs {@code onOpen} inside the
     * upgrade's HTTP request), the call runs in that one and its owner ends it.
     */
    static final class RequestContexts {

        private final BeanManager beanManager;
        private volatile Bean<RequestContextController> bean; // resolved on first use: not while the container boots

        RequestContexts(BeanManager beanManager) {
            this.beanManager = beanManager;
        }

        @SuppressWarnings("unchecked")
        Route.Call begin() {
            Bean<RequestContextController> b = bean;
            if (b == null) {
                b = (Bean<RequestContextController>) beanManager.resolve(beanManager.getBeans(RequestContextController.class));
                bean = b;
            }
            CreationalContext<RequestContextController> cc = beanManager.createCreationalContext(b);
            RequestContextController controller = (RequestContextController) beanManager.getReference(b,
                    RequestContextController.class, cc);
            if (!controller.activate()) {
                cc.release();
                return Route.Call.NONE;
            }
            return () -> {
                try {
                    controller.deactivate();
                } finally {
                    cc.release();
                }
            };
        }
    }
}

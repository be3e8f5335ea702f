package dev.channelbox.cdi;

import dev.channelbox.internal.Route;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Where a route's consumer or handler instance comes from, per connection: a new {@code @Dependent}
 * instance, or the one instance of an application-scoped or singleton bean. Any thread.
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

    /** A new instance per connection, destroyed (with {@code @PreDestroy}) when it ends. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Route.InstanceProvider dependent(BeanManager beanManager, Bean<?> bean) {
        Bean<Object> b = (Bean) bean;
        return () -> {
            CreationalContext<Object> cc = beanManager.createCreationalContext(b);
            Object instance = b.create(cc);
            return new Held(instance, () -> b.destroy(instance, cc));
        };
    }

    /**
     * The one contextual instance of an application-scoped or singleton bean: taken from its context
     * rather than through a client proxy, so the handler method is called on the real object whatever
     * its visibility. Its context owns it: nothing to destroy.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Route.InstanceProvider shared(BeanManager beanManager, Bean<?> bean) {
        Bean<Object> b = (Bean) bean;
        return () -> new Held(beanManager.getContext(b.getScope()).get(b, beanManager.createCreationalContext(b)), () -> { });
    }
}

package dev.channelbox.cdi;

import dev.channelbox.internal.Route;

import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

import java.util.concurrent.ArrayBlockingQueue;

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
     *
     * <p>Controllers are reused: creating one is the expensive part (Weld resolves the observers of the
     * context's three lifecycle events for each new controller: a tenth of the server's Java time in a
     * connect storm), while one controller can activate and deactivate any number of times, one use at
     * a time. A controller is taken from {@code idle} by the thread that begins a call and given back by
     * the same thread when the call has ended (the queue's hand-off orders its state for the next
     * thread); at most {@link #IDLE} wait there, any beyond that are released. They belong to this
     * route's runtime, never to a thread, so an undeployed application leaves none behind on the
     * container's threads.
     */
    static final class RequestContexts {

        private static final int IDLE = 64;

        private final BeanManager beanManager;
        private final ArrayBlockingQueue<Controller> idle = new ArrayBlockingQueue<>(IDLE);
        private volatile Bean<RequestContextController> bean; // resolved on first use: not while the container boots

        RequestContexts(BeanManager beanManager) {
            this.beanManager = beanManager;
        }

        /**
         * A controller and the creational context it came from (released when the controller is dropped);
         * the call it is active for, ended by {@link #close} (once: try-with-resources).
         */
        private record Controller(RequestContexts pool, RequestContextController controller,
                                  CreationalContext<RequestContextController> cc) implements Route.Call {
            @Override
            public void close() {
                boolean ended = false;
                try {
                    controller.deactivate();
                    ended = true;
                } finally {
                    if (ended) {
                        pool.giveBack(this);
                    } else {
                        cc.release(); // user code ended the context itself: do not reuse
                    }
                }
            }
        }

        Route.Call begin() {
            Controller c = idle.poll();
            if (c == null) {
                c = create();
            }
            boolean activated;
            try {
                activated = c.controller().activate();
            } catch (RuntimeException e) {
                c.cc().release();
                throw e;
            }
            if (!activated) {
                giveBack(c); // a context is active already: nothing to end, the controller is unused
                return Route.Call.NONE;
            }
            return c;
        }

        @SuppressWarnings("unchecked")
        private Controller create() {
            Bean<RequestContextController> b = bean;
            if (b == null) {
                b = (Bean<RequestContextController>) beanManager.resolve(beanManager.getBeans(RequestContextController.class));
                bean = b;
            }
            CreationalContext<RequestContextController> cc = beanManager.createCreationalContext(b);
            return new Controller(this, (RequestContextController) beanManager.getReference(b, RequestContextController.class, cc), cc);
        }

        private void giveBack(Controller c) {
            if (!idle.offer(c)) {
                c.cc().release();
            }
        }
    }
}

package dev.channelbox.containers.app;

import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;

import jakarta.enterprise.context.ApplicationScoped;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What code in a callback can see of its application: each answer tells the client the callback,
 * {@code java:app/AppName} (or the lookup's error), the thread's name, whether the thread is one of
 * the container's managed threads, and whether the thread's context class loader is the application's.
 */
public final class ContextRoutes {

    private ContextRoutes() {
    }

    static Map<String, Object> seen(String callback) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callback", callback);
        try {
            m.put("appName", String.valueOf(new InitialContext().lookup("java:app/AppName")));
        } catch (NamingException | RuntimeException e) {
            m.put("appName", "failed: " + e);
        }
        Thread t = Thread.currentThread();
        m.put("thread", t.getName());
        m.put("managed", managed(t));
        m.put("applicationLoader", applicationLoader(t.getContextClassLoader()));
        return m;
    }

    /**
     * Whether the context class loader loads the application's classes as the application does (not
     * necessarily the same object: Open Liberty wraps the application's loader for each thread).
     */
    private static boolean applicationLoader(ClassLoader loader) {
        try {
            return loader != null && Class.forName(ContextRoutes.class.getName(), false, loader) == ContextRoutes.class;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A Jakarta Concurrency managed thread ({@code ManageableThread}), asked by name so any API level compiles. */
    private static boolean managed(Thread t) {
        try {
            return Class.forName("jakarta.enterprise.concurrent.ManageableThread", false, ContextRoutes.class.getClassLoader())
                    .isInstance(t);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Answers in onConnect and for each message. */
    @WebSocketRoute("/probe/context")
    public static class Consumer extends WebSocketConsumer<String> {
        @Override
        public void onConnect(WebSocket ws) {
            ws.accept();
            ws.sendJson(seen("onConnect"));
        }

        @Override
        public void onReceive(WebSocket ws, String data) {
            ws.sendJson(seen("onReceive"));
        }
    }

    /** Answers once, from the handler's own thread. */
    @ApplicationScoped
    public static class Handler {
        @WebSocketRoute("/probe/context-handler")
        void run(WebSocket ws) {
            ws.accept();
            ws.sendJson(seen("handler"));
            ws.receiveText();
        }
    }
}

package dev.channelbox.cluster;

import dev.channelbox.fixtures.ClusterFixtures;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without {@code redis-url}, Redis support costs nothing: no Lettuce class (nor ours for Redis) is
 * ever loaded, and the server runs with no Lettuce on the class path at all; so for the other optional
 * integrations (Micrometer, MicroProfile Config and Health). Each case runs a real
 * server in a class loader of its own, which sees the test class path (with or without Lettuce's
 * jars) and records every class it loads.
 */
class LettuceStaysOptionalTest {

    /** Loads the class path itself (child first, apart from the JDK) and records what it loads. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> loaded = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            loaded.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private static URL[] classPath(boolean withLettuce) throws MalformedURLException {
        return classPath(withLettuce ? List.of() : List.of("lettuce-core"));
    }

    /** The test class path without the jars whose file names contain one of {@code left}. */
    private static URL[] classPath(List<String> left) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = new File(entry).getName();
            if (left.stream().noneMatch(file::contains)) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Starts a server in {@code loader}, has two clients chat in a room, stops it. */
    private static void runServer(ClassLoader loader) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // the server's, while it starts
        AutoCloseable server;
        Class<?> serverClass;
        try {
            serverClass = loader.loadClass("dev.channelbox.standalone.ChannelBoxServer");
            Object builder = serverClass.getMethod("builder").invoke(null);
            Class<?> builderClass = builder.getClass();
            builderClass.getMethod("host", String.class).invoke(builder, "127.0.0.1");
            builderClass.getMethod("port", int.class).invoke(builder, 0);
            builderClass.getMethod("beanClasses", Class[].class).invoke(builder,
                    (Object) new Class<?>[] {loader.loadClass(ClusterFixtures.Member.class.getName())});
            server = (AutoCloseable) builderClass.getMethod("start").invoke(builder);
        } finally {
            thread.setContextClassLoader(before);
        }
        try {
            int port = (int) serverClass.getMethod("port").invoke(server);
            try (TestClient a = TestClient.connect(port, "/cluster/plain"); TestClient b = TestClient.connect(port, "/cluster/plain")) {
                a.nextJsonObject();
                b.nextJsonObject();
                a.send("{\"text\":\"hi\"}");
                assertEquals(Map.of("text", "hi"), b.nextJsonObject());
            }
        } finally {
            server.close();
        }
    }

    @Test
    void withLettuceOnTheClassPathButNoRedisUrlNoLettuceClassIsLoaded() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(classPath(true))) {
            runServer(loader);
            assertTrue(loader.loaded.contains("dev.channelbox.internal.LocalBroker"), "sanity: the loader ran the server");
            assertEquals(List.of(), loader.loaded.stream()
                    .filter(n -> n.startsWith("io.lettuce.") || n.startsWith("dev.channelbox.redis.")
                            || n.startsWith("dev.channelbox.internal.Redis"))
                    .sorted().toList());
        }
    }

    @Test
    void withoutAnyOptionalDependencyTheServerRunsAndNoneOfItsBridgesIsLoaded() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(classPath(List.of("lettuce-core", "micrometer",
                "microprofile-config-api", "smallrye-config", "microprofile-health-api")))) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.eclipse.microprofile.config.ConfigProvider"));
            loader.loaded.clear();
            runServer(loader);
            assertTrue(loader.loaded.contains("dev.channelbox.internal.LocalBroker"), "sanity: the loader ran the server");
            // what refers to Micrometer, MicroProfile Config or Lettuce is never even asked for
            assertEquals(List.of(), loader.loaded.stream()
                    .filter(n -> n.equals("dev.channelbox.cdi.MicrometerMeters") || n.equals("dev.channelbox.internal.MicroProfileConfig")
                            || n.equals("dev.channelbox.cdi.BrokerReadiness")
                            || n.startsWith("dev.channelbox.redis."))
                    .sorted().toList());
        }
    }

    @Test
    void withoutLettuceTheServerRunsAsBefore() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(classPath(false))) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.lettuce.core.RedisClient"));
            runServer(loader);
        }
    }
}

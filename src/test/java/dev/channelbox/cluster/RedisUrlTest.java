package dev.channelbox.cluster;

import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.fixtures.ClusterFixtures;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestRedis;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code redis-url}: a password in the URL works and is never logged; a Redis that is not there fails the start clearly. */
class RedisUrlTest {

    private static final String SECRET = "s3cret-" + Long.toHexString(System.nanoTime());

    @Test
    void aPasswordInTheUrlWorksAndIsNeverLogged() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        SimpleFormatter format = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.writeBytes((format.format(r) + "\n").getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (TestRedis redis = TestRedis.startPrivate(List.of("--requirepass", SECRET))) {
            String url = "redis://:" + SECRET + "@127.0.0.1:" + redis.port();
            ChannelBoxConfig config = ChannelBoxConfig.builder().redisUrl(url).redisPrefix(TestRedis.newPrefix()).build();
            assertFalse(config.toString().contains(SECRET), config.toString());
            assertTrue(config.toString().contains("redis://***@127.0.0.1:" + redis.port()), config.toString());
            try (ChannelBoxServer server = ChannelBoxServer.builder().host("127.0.0.1").port(0).config(config)
                    .beanClasses(ClusterFixtures.Member.class).start();
                 TestClient a = TestClient.connect(server.port(), "/cluster/auth");
                 TestClient b = TestClient.connect(server.port(), "/cluster/auth")) {
                a.nextJsonObject();
                b.nextJsonObject();
                a.send("{\"through\":\"an authenticated Redis\"}");
                assertEquals(Map.of("through", "an authenticated Redis"), b.nextJsonObject());
                assertEquals(2, server.channelBox().group("auth").size());
            }
        } finally {
            root.removeHandler(capture);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("shares its groups on Redis redis://***@127.0.0.1"), log);
        assertFalse(log.contains(SECRET), "the password was logged:\n" + log);
    }

    @Test
    void aWrongPasswordOrNoRedisFailsTheStartNamingTheUrlWithoutThePassword() {
        try (TestRedis redis = TestRedis.startPrivate(List.of("--requirepass", SECRET))) {
            ChannelBoxConfig config = ChannelBoxConfig.builder()
                    .redisUrl("redis://:wrong-" + SECRET + "@127.0.0.1:" + redis.port()).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChannelBoxServer.builder()
                    .host("127.0.0.1").port(0).config(config).beanClasses(ClusterFixtures.Member.class).start());
            assertTrue(e.getMessage().contains("cannot reach Redis at redis://***@127.0.0.1:" + redis.port()), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Test
    void aUrlThatIsNotRedisIsRefusedWithTheSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelBoxConfig.builder().redisUrl("http://example.com").build());
        assertTrue(e.getMessage().startsWith("redisUrl must start with redis:// or rediss://"), e.getMessage());
    }
}

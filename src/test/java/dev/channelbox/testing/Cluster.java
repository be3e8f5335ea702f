package dev.channelbox.testing;

import dev.channelbox.ChannelBox;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.standalone.ChannelBoxServer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several {@link ChannelBoxServer} nodes in this JVM sharing their groups on one Redis, each on its
 * own port, each optionally behind its own {@link TcpProxy} (to cut one node's link).
 */
public final class Cluster implements AutoCloseable {

    /** One node: its server and, if any, the proxy between it and Redis. */
    public record Node(ChannelBoxServer server, TcpProxy proxy) {
        public int port() {
            return server.port();
        }

        public ChannelBox box() {
            return server.channelBox();
        }
    }

    private final TestRedis redis;
    private final String prefix = TestRedis.newPrefix();
    private final List<Node> nodes = new ArrayList<>();
    private final UnaryOperator<ChannelBoxConfig.Builder> settings;
    private final Class<?>[] beans;

    public Cluster(TestRedis redis, UnaryOperator<ChannelBoxConfig.Builder> settings, Class<?>... beans) {
        this.redis = redis;
        this.settings = settings;
        this.beans = beans;
    }

    /** Starts a node connected straight to Redis. */
    public Node start() {
        return start(false);
    }

    /** Starts a node, behind a proxy of its own if {@code proxied}. */
    public Node start(boolean proxied) {
        TcpProxy proxy = proxied ? new TcpProxy(redis.host(), redis.port()) : null;
        ChannelBoxConfig config = settings.apply(ChannelBoxConfig.builder()
                .redisUrl(proxy != null ? proxy.url() : redis.url())
                .redisPrefix(prefix)).build();
        ChannelBoxServer server = ChannelBoxServer.builder().host("127.0.0.1").port(0).config(config)
                .beanClasses(beans).start();
        Node node = new Node(server, proxy);
        nodes.add(node);
        return node;
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public String prefix() {
        return prefix;
    }

    public TestRedis redis() {
        return redis;
    }

    /** Stops one node. */
    public void stop(Node node) {
        nodes.remove(node);
        node.server().close();
        if (node.proxy() != null) {
            node.proxy().close();
        }
    }

    @Override
    public void close() {
        for (Node node : List.copyOf(nodes)) {
            stop(node);
        }
        redis.deleteKeys(prefix);
    }
}

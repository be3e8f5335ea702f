package dev.channelbox.cluster;

import dev.channelbox.Channel;
import dev.channelbox.ChannelBox;
import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.LeaveStatus;
import dev.channelbox.fixtures.ClusterFixtures;
import dev.channelbox.standalone.ChannelBoxServer;
import dev.channelbox.testing.TcpProxy;
import dev.channelbox.testing.TestClient;
import dev.channelbox.testing.TestRedis;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node's commands to Redis run in the order it gives them, also on a Redis that has never seen
 * its scripts (a fresh or restarted one): a leave that does not wait for its answer is counted by
 * the {@code group()} right after it.
 */
class PipelineOrderTest {

    @Test
    void aLeaveIsCountedByTheNextCountOnARedisThatHasNeverSeenOurScripts() {
        try (TestRedis redis = TestRedis.startPrivate();
             TcpProxy far = new TcpProxy(redis.host(), redis.port());
             ChannelBoxServer server = ChannelBoxServer.builder().host("127.0.0.1").port(0)
                     .config(ChannelBoxConfig.builder().redisUrl(far.url()).redisPrefix(TestRedis.newPrefix()).build())
                     .beanClasses(ClusterFixtures.Member.class).start();
             TestClient a = TestClient.connect(server.port(), "/cluster/order");
             TestClient b = TestClient.connect(server.port(), "/cluster/order")) {
            String aId = (String) a.nextJsonObject().get("id");
            b.nextJsonObject();
            ChannelBox box = server.channelBox();
            assertEquals(2, box.group("order").size());
            Channel channel = box.channel(aId).orElseThrow();
            far.delayReplies(50); // the count is sent long before any answer to the leave comes back
            assertEquals(LeaveStatus.REMOVED, box.removeChannelFromGroup(channel, "order"));
            assertEquals(1, box.group("order").size(), "the leave runs before the count sent after it");
            far.delayReplies(0);
            box.groupSend("order", Map.of("after", "the leave"));
            assertEquals(Map.of("after", "the leave"), b.nextJsonObject());
        }
    }
}

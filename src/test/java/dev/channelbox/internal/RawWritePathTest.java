package dev.channelbox.internal;

import dev.channelbox.fixtures.GroupsFixtures;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.TestClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.channelbox.fixtures.BehaviourTestSupport.idOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the standalone server (Tyrus) a connection's outbox writes raw frames ({@link TyrusWire}): a
 * change in Tyrus's internals would make {@code TyrusWire.of} fall back to the standard API in
 * silence, and only the benchmark would show it. This test shows it instead, and that the frames go
 * straight into Grizzly's write queue ({@code standalone.DirectWriter}), not through the filter chain.
 */
class RawWritePathTest {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(GroupsFixtures.RoomMember.class);

    @Test
    void onTheStandaloneServerConnectionsWriteRawAndTheirMessagesArrive() {
        try (TestClient member = TestClient.connect(server.port(), "/groups/raw")) {
            String id = idOf(member);
            ChannelImpl channel = (ChannelImpl) server.channelBox().channel(id).orElseThrow();
            assertTrue(channel.connection().outbox().writesRaw(),
                    "Tyrus raw writes did not engage (TyrusWire.of returned null: Tyrus's internals changed?)");
            TyrusWire wire = ((ContainerSink) channel.connection().outbox().sink()).wire();
            assertEquals("dev.channelbox.standalone.DirectWriter", wire.writer().getClass().getName(),
                    "frames go through Tyrus's writer and Grizzly's filter chain (GrizzlyWriter's shape changed?)");
            for (int i = 0; i < 3; i++) {
                server.channelBox().groupSend("raw", Map.of("n", i));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(i, ((Number) member.nextJsonObject().get("n")).intValue());
            }
        }
    }
}

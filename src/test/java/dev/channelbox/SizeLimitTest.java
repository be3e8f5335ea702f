package dev.channelbox;

import dev.channelbox.containers.app.SizeLimitRoutes;
import dev.channelbox.testing.InProcessServer;
import dev.channelbox.testing.RawClient;
import dev.channelbox.testing.SizeLimitScenarios;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The size-limit scenarios on the embedded server, where the frame filter in front of Tyrus decides
 * on each frame header; plus what only that filter does: an unmasked client frame is closed with
 * 1002 (RFC 6455 §5.1). The scenarios also run on every container in {@code it/containers}.
 */
class SizeLimitTest implements SizeLimitScenarios {

    @RegisterExtension
    static final InProcessServer server = InProcessServer.withBeans(SizeLimitRoutes.class, SizeLimitRoutes.Bytes.class);

    @Override
    public int targetPort() {
        return server.port();
    }

    @Override
    public String fixtureContextPath() {
        return "";
    }

    @Test
    void anUnmaskedClientFrameIsClosedWith1002() throws IOException {
        try (RawClient c = RawClient.connect(server.port(), "/size/text")) {
            c.send(RawClient.frame(true, 1, "hello".getBytes(StandardCharsets.UTF_8), false));
            assertEquals(1002, c.readFrame().closeCode());
        }
    }

    @Test
    void framesBeforeARefusedOneAreDeliveredAndAHeaderSplitAcrossWritesIsRead() throws IOException {
        try (RawClient c = RawClient.connect(server.port(), "/size/small")) {
            byte[] ok = RawClient.frame(true, 1, "x".repeat(300).getBytes(StandardCharsets.UTF_8), true);
            byte[] big = RawClient.frame(true, 1, "x".repeat(1001).getBytes(StandardCharsets.UTF_8), true);
            byte[] both = new byte[ok.length + big.length];
            System.arraycopy(ok, 0, both, 0, ok.length);
            System.arraycopy(big, 0, both, ok.length, big.length);
            c.send(java.util.Arrays.copyOf(both, ok.length + 1)); // the second header's first byte only
            assertEquals("ok 300", c.readFrame().text());
            c.send(java.util.Arrays.copyOfRange(both, ok.length + 1, both.length));
            assertEquals(1009, c.readFrame().closeCode());
        }
    }
}

package dev.channelbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration: defaults, the builder's checks, system properties. */
class ChannelBoxConfigTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ChannelBoxConfig c = ChannelBoxConfig.defaults();
        assertEquals(1_000, c.outboxMaxMessages());
        assertEquals(1L << 20, c.outboxMaxBytes());
        assertEquals(OverflowPolicy.CLOSE, c.overflowPolicy());
        assertEquals(Duration.ofSeconds(10), c.sendTimeout());
        assertEquals(100, c.historyMaxMessages());
        assertEquals(64L << 20, c.historyMaxTotalBytes());
        assertEquals(64 * 1024, c.maxMessageSize());
        assertEquals(256, c.handlerThreads());
        assertEquals(0.25, c.handlerThreadShare());
        assertEquals(Duration.ofSeconds(25), c.heartbeatInterval());
        assertEquals(Duration.ofSeconds(10), c.heartbeatTimeout());
        assertEquals(Duration.ZERO, c.idleTimeout());
        assertEquals(List.of(), c.allowedOrigins());
        assertEquals(0.0, c.rateLimit());
        assertEquals(1, c.rateBurst());
        assertEquals(RateLimitAction.REPLY_ERROR, c.rateLimitAction());
        assertEquals(64, c.jsonMaxDepth());
    }

    @Test
    void aBuilderKeepsEveryValueAndToBuilderCopiesThem() {
        ChannelBoxConfig c = ChannelBoxConfig.builder().outboxMaxMessages(5).historyMaxAge(Duration.ofMinutes(3))
                .rateLimit(2.5, 4).allowedOrigins("https://a.example", "http://localhost:*").build();
        ChannelBoxConfig copy = c.toBuilder().maxGroupMembers(9).build();
        assertEquals(5, copy.outboxMaxMessages());
        assertEquals(Duration.ofMinutes(3), copy.historyMaxAge());
        assertEquals(2.5, copy.rateLimit());
        assertEquals(4, copy.rateBurst());
        assertEquals(List.of("https://a.example", "http://localhost:*"), copy.allowedOrigins());
        assertEquals(9, copy.maxGroupMembers());
        assertEquals(0, c.maxGroupMembers(), "the original is unchanged");
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingTheSetting() {
        assertEquals("outboxMaxMessages must be positive: 0", assertThrows(IllegalArgumentException.class,
                () -> ChannelBoxConfig.builder().outboxMaxMessages(0).build()).getMessage());
        assertEquals("historyMaxAge must not be negative: PT-1S", assertThrows(IllegalArgumentException.class,
                () -> ChannelBoxConfig.builder().historyMaxAge(Duration.ofSeconds(-1)).build()).getMessage());
        assertEquals("handlerThreadShare must be > 0 and <= 1: 1.5", assertThrows(IllegalArgumentException.class,
                () -> ChannelBoxConfig.builder().handlerThreadShare(1.5).build()).getMessage());
        assertEquals("rateLimit must be a finite number >= 0: Infinity", assertThrows(IllegalArgumentException.class,
                () -> ChannelBoxConfig.builder().rateLimit(Double.POSITIVE_INFINITY, 1).build()).getMessage());
        assertThrows(NullPointerException.class, () -> ChannelBoxConfig.builder().overflowPolicy(null).build());
    }

    @Test
    void systemPropertiesOverrideTheDefaultsByTheirKebabCaseNames() {
        System.setProperty("channelbox.history-max-messages", "500");
        System.setProperty("channelbox.send-timeout", "PT3S");
        System.setProperty("channelbox.overflow-policy", "drop_oldest");
        System.setProperty("channelbox.allowed-origins", "https://a.example , https://b.example");
        try {
            ChannelBoxConfig c = ChannelBoxConfig.fromEnvironment();
            assertEquals(500, c.historyMaxMessages());
            assertEquals(Duration.ofSeconds(3), c.sendTimeout());
            assertEquals(OverflowPolicy.DROP_OLDEST, c.overflowPolicy());
            assertEquals(List.of("https://a.example", "https://b.example"), c.allowedOrigins());
            assertEquals(1_000, c.outboxMaxMessages(), "what is not set keeps its default");
        } finally {
            System.clearProperty("channelbox.history-max-messages");
            System.clearProperty("channelbox.send-timeout");
            System.clearProperty("channelbox.overflow-policy");
            System.clearProperty("channelbox.allowed-origins");
        }
    }

    @Test
    void anUnreadablePropertyIsNamedWithItsValue() {
        System.setProperty("channelbox.json-max-number-length", "lots");
        try {
            String message = assertThrows(IllegalArgumentException.class, ChannelBoxConfig::fromEnvironment).getMessage();
            assertTrue(message.contains("channelbox.json-max-number-length") && message.contains("lots"), message);
        } finally {
            System.clearProperty("channelbox.json-max-number-length");
        }
    }
}

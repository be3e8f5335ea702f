package dev.channelbox.containers;

import java.time.Duration;

/**
 * The container scenarios on Payara Micro 7 (Jakarta EE 11). It needs Java 21+, so it runs on the JDK
 * that {@code channelbox.java21-home} names (Temurin 25 on the build machines); the tests themselves
 * stay on this JVM.
 */
class PayaraMicro7IT extends ContainerScenarios {

    @Override
    String containerId() {
        return "payara7";
    }

    @Override
    Container container() {
        return new PayaraMicro("payara7", System.getProperty("channelbox.payara7-version"), Containers.java21Home());
    }

    /**
     * Payara (Tyrus on its servlet upgrade) loses a TCP drop that comes within moments of the
     * handshake: the endpoint's onClose never runs, so the channel stays in its groups (about 4 drops
     * in 30 went unnoticed when the client aborted as soon as it had read its first message; none
     * after 300 ms). Measured on Payara Micro 6.2025.10 and 7.2025.1; WildFly and Open Liberty notice
     * every drop.
     */
    @Override
    protected Duration settleBeforeDrop() {
        return Duration.ofMillis(300);
    }

    /**
     * Payara stops reading the flooding client once the pongs back up, so the heartbeat closes it
     * (about 36 s); Tyrus writes its close frame behind the unread pongs and keeps the socket until that
     * frame is written, so ours goes when the close grace is over (10 s more, {@code Connection.abort}).
     */
    @Override
    public Duration pingFloodBound() {
        return Duration.ofSeconds(55);
    }
}

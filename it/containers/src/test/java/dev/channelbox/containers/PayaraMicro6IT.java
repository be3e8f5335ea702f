package dev.channelbox.containers;

import java.time.Duration;

/** The container scenarios on Payara Micro 6 (Jakarta EE 10) on this JVM (Java 17+). */
class PayaraMicro6IT extends ContainerScenarios {

    @Override
    String containerId() {
        return "payara6";
    }

    @Override
    Container container() {
        return new PayaraMicro("payara6", System.getProperty("channelbox.payara6-version"), null);
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

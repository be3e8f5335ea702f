package dev.channelbox.internal;

import dev.channelbox.Channel;
import dev.channelbox.PayloadType;
import dev.channelbox.SendStatus;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A member of a group on another node, as {@code group()} and {@code showGroups()} list it: its id and
 * payload type are known, {@link #send} and {@link #close} go to its node through Redis. What only its
 * node knows (its outbox, its expiry, its other groups) reads as empty. Equal by id.
 */
record RemoteChannel(String id, PayloadType payloadType, Map<String, String> attributes, String group, RedisBroker broker)
        implements Channel {

    /** Attributes are set on the channel's own node. */
    @Override
    public void setAttributes(Map<String, String> attributes) {
        throw new UnsupportedOperationException("the attributes of " + id + " are set on its own node");
    }

    @Override
    public Optional<Duration> expires() {
        return Optional.empty();
    }

    /** The group it was listed in. */
    @Override
    public Set<String> groups() {
        return group == null ? Set.of() : Set.of(group);
    }

    /** True: it was a member when listed (a send to it answers {@code NO_SUCH_CHANNEL} once it is gone). */
    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public SendStatus send(Object payload) {
        return broker.sendToRemote(id, broker.encode(payload));
    }

    @Override
    public void close(int code, String reason) {
        broker.closeRemote(id, code, reason);
    }

    @Override
    public int queuedMessages() {
        return 0;
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    @Override
    public long droppedMessages() {
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteChannel r && r.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Channel[" + id + ", " + payloadType + ", on another node]";
    }
}

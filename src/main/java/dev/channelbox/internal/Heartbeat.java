package dev.channelbox.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One connection's liveness: whether a ping is due, whether the peer answered it in time. Only a pong
 * carrying our ping's nonce proves the peer reads what we send: a data message does not (a client
 * that floods pings and never reads can send one now and then), nor does a blind pong.
 *
 * <p>Threads: the sweeper asks {@link #nextPing} and {@link #overdue}; the container's thread delivers
 * {@link #pong}s; whichever thread completes the ping's write calls {@link #written}. The state they
 * share is in volatile fields, each written as a whole; {@code nonceCounter} is the sweeper's alone.
 */
final class Heartbeat {

    private volatile long lastAlive;      // opened, or the last matching pong
    private volatile long pingNonce;      // 0: no ping outstanding
    private volatile long pingWrittenAt;  // 0: the outstanding ping is not written yet
    // any start will do (our own pongs are told apart by the nonce, not its secrecy): not a UUID, whose
    // SecureRandom is a lock every handshake of a container shares (Undertow's session ids take it too)
    private long nonceCounter = ThreadLocalRandom.current().nextLong();

    Heartbeat(long now) {
        this.lastAlive = now;
    }

    /** Sweeper: a new ping when the last sign of life is {@code interval} old and none is outstanding, else null. */
    Frame.Ping nextPing(long now, long interval) {
        if (pingNonce != 0 || now - lastAlive <= interval) {
            return null;
        }
        long nonce = ++nonceCounter == 0 ? ++nonceCounter : nonceCounter;
        pingWrittenAt = 0;
        pingNonce = nonce; // before the ping is offered: an idle outbox may complete its write inline
        return new Frame.Ping(ByteBuffer.allocate(Long.BYTES).putLong(0, nonce).asReadOnlyBuffer());
    }

    /** Sweeper: whether the outstanding ping was written more than {@code timeout} ago without its pong. */
    boolean overdue(long now, long timeout) {
        long written = pingWrittenAt;
        return pingNonce != 0 && written != 0 && now - written > timeout;
    }

    /**
     * A pong arrived (container thread). It answers our ping if it carries the ping's nonce: the peer
     * is alive and reads. Other pongs (unsolicited ones are allowed by RFC 6455) prove nothing.
     */
    void pong(ByteBuffer payload, long now) {
        long nonce = pingNonce;
        if (nonce != 0 && payload != null && payload.remaining() == Long.BYTES
                && payload.getLong(payload.position()) == nonce) {
            lastAlive = now;
            pingWrittenAt = 0;
            pingNonce = 0;
        }
    }

    /** Our ping's write completed (any thread): its pong is due within the timeout from now. */
    void written(Frame.Ping ping, long now) {
        ByteBuffer p = ping.payload();
        if (p.remaining() == Long.BYTES && p.getLong(p.position()) == pingNonce) {
            pingWrittenAt = now;
        }
    }
}

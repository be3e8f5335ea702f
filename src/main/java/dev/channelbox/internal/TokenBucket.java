package dev.channelbox.internal;

/**
 * A per-connection rate limit: {@code rate} tokens per second, at most {@code burst} saved up; each
 * inbound message takes one. Called by the container thread delivering the connection's messages
 * (one at a time), synchronized only so the state is visible whichever pooled thread delivers next.
 */
final class TokenBucket {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    synchronized boolean tryTake(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}

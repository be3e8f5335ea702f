package dev.channelbox.bench;

import java.io.IOException;

/**
 * Latency with the machine otherwise idle: one broadcast at a time; the next starts a short pause
 * after the previous one reached every member. Each delivery is one sample: receipt time minus the
 * server's timestamp taken just before its broadcast call.
 */
final class LatencyRun extends LoadClient.Run {

    private static final long STALL_NANOS = 15_000_000_000L;

    private final int members;
    private final int size;
    private final int rounds;
    private final long maxNanos;
    private final long pauseNanos;
    final LatencyHistogram latencies = new LatencyHistogram();

    private WsConnection publisher;
    private long deadline;
    private long current = -1;
    private int received;
    private long sentAt;
    private long nextAt = -1;
    int roundsDone;

    LatencyRun(int members, int size, int rounds, long maxNanos, long pauseNanos) {
        this.members = members;
        this.size = size;
        this.rounds = rounds;
        this.maxNanos = maxNanos;
        this.pauseNanos = pauseNanos;
    }

    @Override
    void start(long now) throws IOException {
        publisher = client.publisher();
        deadline = now + maxNanos;
        publish(now);
    }

    private void publish(long now) throws IOException {
        current = client.nextSeq++;
        received = 0;
        sentAt = now;
        nextAt = -1;
        publisher.send(publisher.command(current + " " + size));
    }

    @Override
    void text(WsConnection c, long seq, long stamp, long now) {
        if (seq != current) {
            return;
        }
        latencies.record(now - stamp);
        if (++received == members) {
            roundsDone++;
            if (roundsDone >= rounds || now >= deadline) {
                done.complete(null);
            } else {
                nextAt = now + pauseNanos;
            }
        }
    }

    @Override
    void tick(long now) throws IOException {
        if (nextAt >= 0 && now >= nextAt) {
            publish(now);
        } else if (nextAt < 0 && now - sentAt > STALL_NANOS) {
            fail("stalled: broadcast " + current + " reached " + received + " of " + members + " members");
        }
    }
}

package dev.channelbox.bench;

import java.io.IOException;

/**
 * Fan-out throughput: the publisher keeps {@code window} broadcasts in flight (a new one as soon as
 * one has reached every member), so the server always has the next broadcast waiting; after a
 * warm-up, every frame received in the measured interval counts. Also records the latency of those
 * frames (under load) and the CPU the server, the client and the rest of the machine used in the
 * interval.
 */
final class ThroughputRun extends LoadClient.Run {

    /** What one run measured. */
    record Result(long deliveries, double seconds, long broadcasts, LatencyHistogram loaded,
                  double serverCpu, double serverSystemCpu, double clientCpu, double otherCpu,
                  long serverContextSwitches, long serverWriteCalls) {
        double deliveriesPerSecond() {
            return deliveries / seconds;
        }

        /** The server's write system calls per delivery ({@code share}: the part of the deliveries it made), or -1. */
        double writeCallsPerDelivery(double share) {
            return serverWriteCalls < 0 || deliveries == 0 ? -1 : serverWriteCalls / (deliveries * share);
        }
    }

    private static final int RING = 1 << 16;
    private static final long STALL_NANOS = 15_000_000_000L;

    private final int members;
    private final int size;
    private final int window;
    private final long warmupNanos;
    private final long measureNanos;
    private final long serverPid;
    private final long pacingNanos;
    private final int[] received = new int[RING];
    private final LatencyHistogram loaded = new LatencyHistogram();

    private WsConnection publisher;
    private long first;
    private long from;
    private long to;
    private long lastProgress;
    private int outstanding;
    private long deliveries;
    private long broadcasts;
    private long serverCpuAtFrom = -1;
    private long serverSystemAtFrom;
    private long switchesAtFrom;
    private long switches;
    private long writeCallsAtFrom;
    private long writeCalls;
    private long clientCpuAtFrom;
    private long machineCpuAtFrom;
    private double serverCpuShare;
    private double serverSystemShare;
    private double clientCpuShare;
    private double otherCpuShare;
    private boolean cpuMeasured;
    Result result;

    ThroughputRun(int members, int size, int window, long warmupNanos, long measureNanos,
                  long serverPid, long pacingNanos) {
        if (window >= RING) {
            throw new IllegalArgumentException("window " + window);
        }
        this.members = members;
        this.size = size;
        this.window = window;
        this.warmupNanos = warmupNanos;
        this.measureNanos = measureNanos;
        this.serverPid = serverPid;
        this.pacingNanos = pacingNanos;
    }

    @Override
    void start(long now) throws IOException {
        publisher = client.publisher();
        first = client.nextSeq;
        from = now + warmupNanos;
        to = from + measureNanos;
        lastProgress = now;
        for (int i = 0; i < window; i++) {
            publish();
        }
    }

    private void publish() throws IOException {
        long seq = client.nextSeq++;
        outstanding++;
        publisher.send(publisher.command(seq + " " + size));
    }

    @Override
    void text(WsConnection c, long seq, long stamp, long now) throws IOException {
        if (seq < first) {
            return;
        }
        lastProgress = now;
        if (now >= from && now < to) {
            deliveries++;
            loaded.record(now - stamp);
        }
        int i = (int) (seq & (RING - 1));
        if (++received[i] == members) {
            received[i] = 0;
            outstanding--;
            if (now >= from && now < to) {
                broadcasts++;
            }
            if (now < to) {
                publish();
            }
        }
    }

    /**
     * Under load the client polls at most once per pacing interval (1 ms by default), so each poll
     * finds many connections ready and the frames a server sent meanwhile: fewer system calls per
     * frame. Without it the client would poll again at once, find one or two frames each time, and
     * use a full core whatever the rate, which hides how much headroom it has. The server never
     * waits for it: every window holds milliseconds of work. (The loaded latency includes up to one
     * interval.)
     */
    @Override
    long pacingNanos() {
        return pacingNanos;
    }

    @Override
    void tick(long now) {
        if (serverCpuAtFrom < 0 && now >= from) {
            serverCpuAtFrom = ProcCpu.nanos(serverPid);
            serverSystemAtFrom = ProcCpu.systemNanos(serverPid);
            switchesAtFrom = ProcCpu.contextSwitches(serverPid);
            writeCallsAtFrom = ProcCpu.writeCalls(serverPid);
            clientCpuAtFrom = ProcCpu.self();
            machineCpuAtFrom = ProcCpu.machine();
        }
        if (!cpuMeasured && now >= to) {
            double wall = now - from;
            serverCpuShare = (ProcCpu.nanos(serverPid) - serverCpuAtFrom) / wall;
            serverSystemShare = (ProcCpu.systemNanos(serverPid) - serverSystemAtFrom) / wall;
            switches = ProcCpu.contextSwitches(serverPid) - switchesAtFrom;
            long w = ProcCpu.writeCalls(serverPid);
            writeCalls = w < 0 || writeCallsAtFrom < 0 ? -1 : w - writeCallsAtFrom;
            clientCpuShare = (ProcCpu.self() - clientCpuAtFrom) / wall;
            otherCpuShare = Math.max(0, (ProcCpu.machine() - machineCpuAtFrom) / wall - serverCpuShare - clientCpuShare);
            cpuMeasured = true;
        }
        if (cpuMeasured && outstanding == 0) {
            result = new Result(deliveries, measureNanos / 1e9, broadcasts, loaded, serverCpuShare, serverSystemShare, clientCpuShare,
                    otherCpuShare, switches, writeCalls);
            done.complete(null);
        } else if (now - lastProgress > STALL_NANOS) {
            fail("stalled: no frame for " + STALL_NANOS / 1_000_000_000 + " s, " + outstanding
                    + " broadcasts in flight, " + deliveries + " deliveries measured");
        }
    }
}

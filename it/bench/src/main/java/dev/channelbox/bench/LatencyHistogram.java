package dev.channelbox.bench;

/**
 * Latencies in nanoseconds, in log-linear buckets: exact below 64 ns, then 64 buckets per power of
 * two, so a percentile is within 1.6 % of the true value (the maximum is exact). Constant memory
 * and an O(1) record, whatever the number of deliveries. Not thread-safe: the client's I/O thread
 * owns it.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;

    private final long[] counts = new long[SUB + (63 - SUB_BITS) * SUB];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The value at quantile {@code q} (0 to 1): the midpoint of its bucket, at most the maximum. */
    long percentile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, middle(i));
            }
        }
        return max;
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        int mantissa = (int) (v >>> (exp - SUB_BITS)); // in [SUB, 2 * SUB)
        return SUB + (exp - SUB_BITS) * SUB + (mantissa - SUB);
    }

    private static long middle(int index) {
        if (index < SUB) {
            return index;
        }
        int exp = (index - SUB) / SUB + SUB_BITS;
        long mantissa = SUB + (index - SUB) % SUB;
        long low = mantissa << (exp - SUB_BITS);
        return low + (1L << (exp - SUB_BITS)) / 2;
    }
}

package dev.channelbox.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate limit's arithmetic, on a clock the test moves (the bucket takes the time as an argument). */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    private static int takes(TokenBucket bucket, long now, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (bucket.tryTake(now)) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void aFullBucketGivesItsBurstAtOnceAndNoMore() {
        TokenBucket bucket = new TokenBucket(20, 40, 0);
        assertEquals(40, takes(bucket, 0, 100));
        assertFalse(bucket.tryTake(0));
    }

    @Test
    void tokensComeBackAtTheRate() {
        TokenBucket bucket = new TokenBucket(20, 40, 0);
        takes(bucket, 0, 40);
        assertFalse(bucket.tryTake(SECOND / 40), "half a token after 25 ms at 20/s");
        assertTrue(bucket.tryTake(SECOND / 20), "one token after 50 ms");
        assertEquals(20, takes(bucket, SECOND / 20 + SECOND, 100), "twenty more after another second");
    }

    @Test
    void savingsStopAtTheBurst() {
        TokenBucket bucket = new TokenBucket(20, 40, 0);
        takes(bucket, 0, 40);
        assertEquals(40, takes(bucket, 3600 * SECOND, 100), "an hour of silence saves a burst, not 72,000");
    }

    @Test
    void aSteadySenderAtTheRateIsNeverRefused() {
        TokenBucket bucket = new TokenBucket(20, 1, 0);
        for (int i = 1; i <= 1000; i++) {
            assertTrue(bucket.tryTake(i * SECOND / 20), "message " + i);
        }
    }

    @Test
    void aFractionalRateAdmitsOneMessageEveryFewSeconds() {
        TokenBucket bucket = new TokenBucket(0.5, 1, 0);
        assertTrue(bucket.tryTake(0));
        assertFalse(bucket.tryTake(SECOND));
        assertTrue(bucket.tryTake(2 * SECOND));
    }
}

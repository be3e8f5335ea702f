package dev.channelbox.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.channelbox.fixtures.BehaviourTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platform pool of Java 17-20 (forced here on any JVM): each address's share, the pool's own bound. */
class HandlerThreadsTest {

    @Test
    void anAddressHoldsAtMostItsShareUntilOneOfItsHandlersEnds() throws InterruptedException {
        try (HandlerThreads threads = new HandlerThreads(8, 0.25, Threads.OWN, false)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch firstDone = new CountDownLatch(1);
            assertEquals(2, threads.perAddress());
            assertEquals(HandlerThreads.Start.STARTED, threads.start("10.0.0.1", () -> await(release)));
            assertEquals(HandlerThreads.Start.STARTED, threads.start("10.0.0.1", () -> await(release)));
            assertEquals(HandlerThreads.Start.ADDRESS_FULL, threads.start("10.0.0.1", () -> { }));
            assertEquals(HandlerThreads.Start.STARTED, threads.start("10.0.0.2", firstDone::countDown));
            assertTrue(firstDone.await(5, TimeUnit.SECONDS));
            eventually("a handler that returned gives its slot back", () -> threads.heldBy("10.0.0.2") == 0);

            release.countDown();
            eventually("both handlers of 10.0.0.1 ended", () -> threads.heldBy("10.0.0.1") == 0);
            assertEquals(HandlerThreads.Start.STARTED, threads.start("10.0.0.1", () -> { }));
        }
    }

    @Test
    void aFullPoolRefusesWithoutKeepingTheAddressSlot() throws InterruptedException {
        try (HandlerThreads threads = new HandlerThreads(2, 1.0, Threads.OWN, false)) {
            CountDownLatch release = new CountDownLatch(1);
            threads.start("a", () -> await(release));
            threads.start("b", () -> await(release));

            assertEquals(HandlerThreads.Start.POOL_FULL, threads.start("c", () -> { }));
            assertEquals(0, threads.heldBy("c"));
            release.countDown();
        }
    }

    @Test
    void aStoppedPoolSaysSoRatherThanFull() {
        // a connection whose onOpen runs after the application began to stop is told 1001, not 1013
        HandlerThreads threads = new HandlerThreads(2, 1.0, Threads.OWN, false);
        threads.close();
        assertEquals(HandlerThreads.Start.STOPPED, threads.start("a", () -> { }));
        assertEquals(0, threads.heldBy("a"));
    }

    @Test
    void anUnknownAddressIsNotCounted() {
        try (HandlerThreads threads = new HandlerThreads(4, 0.25, Threads.OWN, false)) {
            CountDownLatch release = new CountDownLatch(1);
            assertEquals(HandlerThreads.Start.STARTED, threads.start("", () -> await(release)));
            assertEquals(HandlerThreads.Start.STARTED, threads.start("", () -> await(release)));
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.channelbox.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressSlotsTest {

    @Test
    void refusesBeyondTheCapAndCountsFreedSlotsAgain() {
        AddressSlots slots = new AddressSlots();
        assertTrue(slots.tryTake("/a 1.2.3.4", 2));
        assertTrue(slots.tryTake("/a 1.2.3.4", 2));
        assertFalse(slots.tryTake("/a 1.2.3.4", 2));
        assertTrue(slots.tryTake("/a 5.6.7.8", 2), "another address has its own slots");
        slots.release("/a 1.2.3.4");
        assertTrue(slots.tryTake("/a 1.2.3.4", 2));
        assertEquals(2, slots.taken("/a 1.2.3.4"));
    }

    @Test
    void theLastReleaseForgetsTheAddress() {
        AddressSlots slots = new AddressSlots();
        slots.tryTake("k", 3);
        slots.tryTake("k", 3);
        slots.release("k");
        slots.release("k");
        slots.release("k"); // an extra release neither goes negative nor resurrects the entry
        assertEquals(0, slots.keys());
        assertEquals(0, slots.taken("k"));
    }

    /**
     * Connects and disconnects racing on one address: the number of holders never exceeds the cap.
     * (The counter this replaced let a connect increment a counter that a concurrent last release had
     * just removed from the map, so the next connect started from zero again.)
     */
    @Test
    void concurrentTakesAndReleasesNeverExceedTheCap() throws InterruptedException {
        AddressSlots slots = new AddressSlots();
        int cap = 1;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 400_000; i++) {
                    if (slots.tryTake("/room 10.0.0.1", cap)) {
                        most.accumulateAndGet(holders.incrementAndGet(), Math::max);
                        Thread.yield(); // hold the slot a moment, as a connection would
                        holders.decrementAndGet();
                        slots.release("/room 10.0.0.1");
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(most.get() <= cap, "at most " + cap + " at once, saw " + most.get());
        assertEquals(0, slots.taken("/room 10.0.0.1"));
        assertEquals(0, slots.keys());
    }
}

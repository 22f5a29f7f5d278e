package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private static final long MIB = 1024L * 1024;

    @Test
    void capacityFor_smallAndPartSizes_powerOfTwoThenWholeMiB() {
        assertEquals(0, MemoryBudget.capacityFor(0));
        assertEquals(4096, MemoryBudget.capacityFor(1));
        assertEquals(8192, MemoryBudget.capacityFor(4097));
        assertEquals(MIB, MemoryBudget.capacityFor(MIB));
        assertEquals(6 * MIB, MemoryBudget.capacityFor(5 * MIB + 1));
    }

    @Test
    void reserve_manyThreadsManyParts_heldNeverExceedsLimit() throws Exception {
        MemoryBudget budget = new MemoryBudget(20 * MIB);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicLong inUse = new AtomicLong();
        AtomicLong worst = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long size = (i % 3 + 1) * 3 * MIB;
            done.add(pool.submit(() -> {
                try (PartMemory room = budget.reserve(size, () -> false)) {
                    byte[] array = room.array();
                    assertTrue(array.length >= size);
                    worst.accumulateAndGet(inUse.addAndGet(array.length), Math::max);
                    Thread.sleep(1);
                    inUse.addAndGet(-array.length);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(worst.get() <= 20 * MIB, "arrays in use at once: " + worst.get());
        assertTrue(budget.peak() <= 20 * MIB, "held at once, idle arrays included: " + budget.peak());
    }

    @Test
    void reserve_noRoom_waitsUntilGivenBackThenGetsTheSameArray() throws Exception {
        MemoryBudget budget = new MemoryBudget(10 * MIB);
        PartMemory first = budget.reserve(8 * MIB, () -> false);
        byte[] array = first.array();
        CountDownLatch got = new CountDownLatch(1);
        PartMemory[] second = new PartMemory[1];
        Thread waiter = new Thread(() -> {
            second[0] = budget.reserve(8 * MIB, () -> false);
            got.countDown();
        });
        waiter.start();

        assertTrue(!got.await(300, TimeUnit.MILLISECONDS), "there is no room for a second part of 8 MiB");
        first.close();
        assertTrue(got.await(5, TimeUnit.SECONDS));
        assertSame(array, second[0].array(), "the array is reused, not made again");
        second[0].close();
    }

    @Test
    void reserve_otherSizeWhileIdleArraysHeld_dropsThemToMakeRoom() {
        MemoryBudget budget = new MemoryBudget(10 * MIB);
        try (PartMemory a = budget.reserve(8 * MIB, () -> false)) {
            a.array();
        }
        assertEquals(8 * MIB, budget.held(), "the idle array still counts");

        try (PartMemory b = budget.reserve(6 * MIB, () -> false)) {
            b.array();
            assertEquals(6 * MIB, budget.held());
        }
    }

    @Test
    void reserve_firstComeFirstServed_smallerLaterRequestDoesNotOvertake() throws Exception {
        MemoryBudget budget = new MemoryBudget(10 * MIB);
        PartMemory held = budget.reserve(6 * MIB, () -> false);
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread big = new Thread(() -> {
            try (PartMemory m = budget.reserve(8 * MIB, () -> false)) {
                order.add("big");
            }
        });
        big.start();
        Thread.sleep(200);
        Thread small = new Thread(() -> {
            try (PartMemory m = budget.reserve(3 * MIB, () -> false)) {
                order.add("small");
            }
        });
        small.start();
        Thread.sleep(300);
        assertTrue(order.isEmpty(), "3 MiB would fit now, but the 8 MiB request came first: " + order);
        held.close();
        big.join(5000);
        small.join(5000);
        assertEquals(List.of("big", "small"), order);
    }

    @Test
    void reserve_stopRequestedWhileWaiting_endsTheWaitWithinASecond() throws Exception {
        MemoryBudget budget = new MemoryBudget(4 * MIB);
        PartMemory held = budget.reserve(4 * MIB, () -> false);
        AtomicBoolean stop = new AtomicBoolean();
        long[] waited = new long[1];
        java.util.concurrent.atomic.AtomicReference<Object> ended = new java.util.concurrent.atomic.AtomicReference<>();
        Thread waiter = new Thread(() -> {
            long start = System.nanoTime();
            try {
                ended.set(budget.reserve(4 * MIB, stop::get));
            } catch (RuntimeException e) {
                ended.set(e);
            }
            waited[0] = System.nanoTime() - start;
        });
        waiter.start();
        Thread.sleep(100);
        stop.set(true);
        waiter.join(5000);
        assertTrue(!waiter.isAlive());
        assertTrue(ended.get() instanceof Stopped, "the wait ends stopped, with no room given: " + ended.get());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(waited[0]) < 1500, "waited " + waited[0] / 1_000_000 + " ms");
        held.close();
        try (PartMemory again = budget.reserve(4 * MIB, () -> false)) {
            again.array();
        }
    }

    @Test
    void reserve_largerThanTheWholeBudget_refusedAtOnce() {
        MemoryBudget budget = new MemoryBudget(4 * MIB);
        assertThrows(IllegalArgumentException.class, () -> budget.reserve(5 * MIB, () -> false));
    }

    @Test
    void reserve_zeroBytes_noRoomTaken() {
        MemoryBudget budget = new MemoryBudget(4 * MIB);
        assertSame(PartMemory.NONE, budget.reserve(0, () -> false));
        assertEquals(0, budget.held());
    }

    @Test
    void defaultLimit_halfTheHeapAtLeast16MiB() {
        assertEquals(256 * MIB, MemoryBudget.defaultLimit(512 * MIB));
        assertEquals(16 * MIB, MemoryBudget.defaultLimit(20 * MIB));
    }
}

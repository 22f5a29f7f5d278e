package dev.uploader.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The bytes a job may hold in part buffers at once. A part reserves its room before it starts and waits, in the
 * order the parts asked, until there is room; idle arrays are kept for the next part of the same size and count
 * against the budget until they are dropped to make room. So the heap holds at most {@link #limit()} bytes of
 * parts, whatever the part size and the number of parts in flight.
 *
 * <p>Reservations are served first come, first served: a part that reserved early never waits for one that
 * reserved later. The engine reserves in part order on the thread that schedules a file's parts, so a part
 * waiting in the in-order content check never holds room a part before it needs (no deadlock).
 */
public final class MemoryBudget {
    private static final long MIB = 1024L * 1024;
    private static final int SMALLEST = 4096;
    private static final long POLL_MILLIS = 200;

    private final long limit;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final Map<Integer, ArrayDeque<byte[]>> idle = new HashMap<>();
    private long held;
    private long peak;

    /** @param limit bytes; at least one whole part of the largest size the job plans must fit */
    public MemoryBudget(long limit) {
        if (limit < MIB) {
            throw new IllegalArgumentException("memory budget below 1 MiB: " + limit);
        }
        this.limit = limit;
    }

    /** Half the maximum heap: the rest is for listings, the clients and the collector's headroom. */
    public static long defaultLimit() {
        return defaultLimit(Runtime.getRuntime().maxMemory());
    }

    static long defaultLimit(long maxHeap) {
        return Math.max(16 * MIB, maxHeap / 2);
    }

    public long limit() {
        return limit;
    }

    /** The most bytes held at any one time, idle arrays included. */
    public synchronized long peak() {
        return peak;
    }

    /** Bytes held now (leased and idle arrays). */
    public synchronized long held() {
        return held;
    }

    /** The bytes an array for {@code length} bytes takes: a power of two up to 1 MiB, whole MiB above. */
    static int capacityFor(long length) {
        if (length <= 0) {
            return 0;
        }
        if (length <= MIB) {
            return Math.max(SMALLEST, Integer.highestOneBit((int) length - 1) << 1);
        }
        long whole = (length + MIB - 1) / MIB * MIB;
        if (whole > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a buffer of " + length + " bytes does not fit in one array");
        }
        return (int) whole;
    }

    /** Whether a buffer of this length can ever be reserved. */
    public boolean fits(long length) {
        return capacityFor(length) <= limit;
    }

    /**
     * Room for one buffer of {@code length} bytes (none for 0), waiting first come, first served until there is
     * room.
     *
     * @param stop checked while waiting: when it says true the wait ends, the job having been asked to stop
     * @throws IllegalArgumentException when the buffer could never fit (the part planner prevents that)
     */
    public PartMemory reserve(long length, BooleanSupplier stop) {
        int capacity = capacityFor(length);
        if (capacity == 0) {
            return PartMemory.NONE;
        }
        if (capacity > limit) {
            throw new IllegalArgumentException("a part of " + length + " bytes is larger than the memory budget of " + limit + " bytes");
        }
        Object ticket = new Object();
        synchronized (this) {
            queue.addLast(ticket);
            try {
                while (true) {
                    if (queue.peekFirst() == ticket) {
                        byte[] reused = takeIdle(capacity);
                        if (reused != null) {
                            return new Lease(capacity, reused);
                        }
                        evictUntilRoomFor(capacity);
                        if (held + capacity <= limit) {
                            held += capacity;
                            peak = Math.max(peak, held);
                            return new Lease(capacity, null);
                        }
                    }
                    if (stop.getAsBoolean()) {
                        throw new Stopped();
                    }
                    try {
                        wait(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TransferException.Fatal("interrupted while waiting for memory", e);
                    }
                }
            } finally {
                queue.remove(ticket);
                notifyAll();
            }
        }
    }

    private byte[] takeIdle(int capacity) {
        ArrayDeque<byte[]> same = idle.get(capacity);
        return same == null ? null : same.pollFirst();
    }

    /** Drops idle arrays (of other sizes: one of the same size would have been taken) until the buffer fits. */
    private void evictUntilRoomFor(int capacity) {
        Iterator<ArrayDeque<byte[]>> sizes = idle.values().iterator();
        while (held + capacity > limit && sizes.hasNext()) {
            ArrayDeque<byte[]> arrays = sizes.next();
            while (held + capacity > limit && !arrays.isEmpty()) {
                held -= arrays.pollFirst().length;
            }
            if (arrays.isEmpty()) {
                sizes.remove();
            }
        }
    }

    private synchronized void giveBack(int capacity, byte[] array) {
        if (array != null) {
            // kept for the next part of this size, still counted as held; dropped when another size needs the room
            idle.computeIfAbsent(capacity, c -> new ArrayDeque<>()).addLast(array);
        } else {
            held -= capacity;
        }
        notifyAll();
    }

    /** One reservation; its array is made on first use, so the allocation happens outside the budget's lock. */
    private final class Lease implements PartMemory {
        private final int capacity;
        private byte[] array;
        private boolean closed;

        Lease(int capacity, byte[] array) {
            this.capacity = capacity;
            this.array = array;
        }

        @Override
        public synchronized byte[] array() {
            if (closed) {
                throw new IllegalStateException("part memory used after it was given back");
            }
            if (array == null) {
                array = new byte[capacity];
            }
            return array;
        }

        @Override
        public void close() {
            byte[] given;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                given = array;
                array = null;
            }
            giveBack(capacity, given);
        }
    }
}

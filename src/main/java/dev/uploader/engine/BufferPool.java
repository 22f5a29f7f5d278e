package dev.uploader.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Byte arrays for parts held in memory, reused instead of left to the garbage collector: a copy keeps at
 * most MaxParallelFile x MaxThread parts in flight, so the pool settles at that many arrays and the heap
 * does not grow with the amount copied.
 */
public final class BufferPool {
    private final int maxIdle;
    private final List<byte[]> idle = new ArrayList<>();

    /** @param maxIdle arrays kept for reuse; more are dropped when given back */
    public BufferPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** An array of at least {@code size} bytes (its contents are whatever was there). */
    public synchronized byte[] take(int size) {
        byte[] best = null;
        for (byte[] b : idle) {
            if (b.length >= size && (best == null || b.length < best.length)) {
                best = b;
            }
        }
        if (best != null) {
            idle.remove(best);
            return best;
        }
        if (idle.size() >= maxIdle && !idle.isEmpty()) {
            idle.remove(0); // too small for today's parts: let it go
        }
        return new byte[size];
    }

    public synchronized void give(byte[] buffer) {
        if (buffer != null && idle.size() < maxIdle) {
            idle.add(buffer);
        }
    }
}

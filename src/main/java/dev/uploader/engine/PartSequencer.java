package dev.uploader.engine;

import java.io.IOException;
import java.io.InputStream;

/**
 * Feeds parts that are fetched in parallel into one whole-object checksum in order. A part waits until the
 * parts before it are fed; since parts start in order and at most MaxThread are in flight, the wait is short
 * and no part is held longer than its upload takes anyway.
 */
final class PartSequencer {
    private final ContentCheck check;
    private int next = 1;
    private boolean failed;

    PartSequencer(ContentCheck check) {
        this.check = check;
    }

    synchronized void feed(int partNumber, PartBody body) throws IOException {
        while (partNumber != next && !failed) {
            try {
                wait(1000); // woken by the part before, or by fail(); the timeout only guards against a missed wake-up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransferException.Fatal("interrupted", e);
            }
        }
        if (failed) {
            throw new TransferException.Retryable("an earlier part of the file failed", null);
        }
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = body.open()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                check.update(buffer, 0, n);
            }
        }
        next++;
        notifyAll();
    }

    /** A part will never be fed: wake the parts waiting for it. */
    synchronized void fail() {
        failed = true;
        notifyAll();
    }

    synchronized String mismatch() {
        return check.mismatch();
    }
}

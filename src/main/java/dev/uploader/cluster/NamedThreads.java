package dev.uploader.cluster;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Daemon threads named {@code kind-N}, so that a thread dump of a worker says what each thread is for. */
final class NamedThreads implements ThreadFactory {
    private final String kind;
    private final AtomicLong count = new AtomicLong();

    NamedThreads(String kind) {
        this.kind = kind;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, kind + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}

package dev.uploader.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The real queue, every call passed on: the tests' doubles override only the call whose answer they change. */
class ForwardingQueue implements WorkQueue {
    final WorkQueue real;

    ForwardingQueue(WorkQueue real) {
        this.real = real;
    }

    @Override public List<Refused> sendBatch(List<String> bodies) { return real.sendBatch(bodies); }
    @Override public List<Refused> sendBatch(List<String> bodies, Duration delay) { return real.sendBatch(bodies, delay); }
    @Override public String describe() { return real.describe(); }
    @Override public void checkAccess() { real.checkAccess(); }
    @Override public List<QueueMessage> receive(int max, Duration wait, Duration visibility) { return real.receive(max, wait, visibility); }
    @Override public void extendLease(QueueMessage message, Duration visibility) { real.extendLease(message, visibility); }
    @Override public void handBack(QueueMessage message, Duration after) { real.handBack(message, after); }
    @Override public void delete(QueueMessage message) { real.delete(message); }
    @Override public Depth depth() { return real.depth(); }
    @Override public Optional<Depth> deadLetterDepth() { return real.deadLetterDepth(); }
    @Override public int maximumMessageSize() { return real.maximumMessageSize(); }
    @Override public void close() { real.close(); }
}

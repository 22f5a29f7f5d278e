package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    /** Records every call; they all come from the one dispatcher thread. */
    private static final class Recorder implements ProgressListener {
        final List<Object> calls = new ArrayList<>();

        @Override
        public synchronized void fileFinished(FileOutcome outcome) {
            calls.add(outcome);
        }

        @Override
        public synchronized void progress(ProgressSnapshot snapshot) {
            calls.add(snapshot);
        }

        synchronized List<Object> calls() {
            return List.copyOf(calls);
        }
    }

    @Test
    void close_whileDispatcherWaitsForALongTick_returnsAtOnceWithEveryEventAndAFinalSnapshot() {
        Recorder recorder = new Recorder();
        // a tick far longer than the test may take: close must wake the dispatcher, not wait for the tick
        ProgressTracker tracker = new ProgressTracker(recorder, 60_000);
        tracker.start(2, 30);
        ProgressTracker.FileCounter a = tracker.fileStarted("a", 10);
        a.add(10);
        tracker.fileFinished(new FileOutcome("a", "a", 10, FileOutcome.Status.UPLOADED, null, 10, 0, 0, 1, null), a);
        ProgressTracker.FileCounter b = tracker.fileStarted("b", 20);
        b.add(20);
        tracker.fileFinished(new FileOutcome("b", "b", 20, FileOutcome.Status.UPLOADED, null, 20, 0, 0, 1, null), b);

        assertTimeoutPreemptively(Duration.ofSeconds(2), tracker::close);

        List<Object> calls = recorder.calls();
        long finished = calls.stream().filter(FileOutcome.class::isInstance).count();
        assertEquals(2, finished, calls.toString());
        ProgressSnapshot last = assertInstanceOf(ProgressSnapshot.class, calls.get(calls.size() - 1));
        assertEquals(2, last.filesDone());
        assertEquals(30, last.bytesDone());
        assertEquals(List.of(), last.inFlight());
    }

    @Test
    void close_afterAFailedFile_lastSnapshotGivesItsBytesBack() {
        Recorder recorder = new Recorder();
        ProgressTracker tracker = new ProgressTracker(recorder, 60_000);
        tracker.start(1, 50);
        ProgressTracker.FileCounter c = tracker.fileStarted("c", 50);
        c.add(25);
        tracker.fileFinished(FileOutcome.failed("c", "c", 50, "store said no"), c);

        assertTimeoutPreemptively(Duration.ofSeconds(2), tracker::close);

        List<Object> calls = recorder.calls();
        ProgressSnapshot last = assertInstanceOf(ProgressSnapshot.class, calls.get(calls.size() - 1));
        assertEquals(0, last.bytesDone());
        assertEquals(1, last.filesDone());
    }
}

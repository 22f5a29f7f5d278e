package dev.uploader.engine;

/** A listener that hands every event to another one; subclasses override what they add to. */
public abstract class ForwardingListener implements ProgressListener {
    protected final ProgressListener inner;

    protected ForwardingListener(ProgressListener inner) {
        this.inner = inner;
    }

    @Override
    public void jobStarted(int filesToUpload, long bytesToUpload) {
        inner.jobStarted(filesToUpload, bytesToUpload);
    }

    @Override
    public void fileStarted(String key, long size) {
        inner.fileStarted(key, size);
    }

    @Override
    public void fileFinished(FileOutcome outcome) {
        inner.fileFinished(outcome);
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
        inner.progress(snapshot);
    }

    @Override
    public void notice(String message) {
        inner.notice(message);
    }
}

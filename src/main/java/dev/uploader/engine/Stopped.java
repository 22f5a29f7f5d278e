package dev.uploader.engine;

/** The user asked the job to stop: parts in flight were allowed to finish, nothing new started. */
final class Stopped extends RuntimeException {
    Stopped() {
        super("stopped", null, false, false);
    }
}

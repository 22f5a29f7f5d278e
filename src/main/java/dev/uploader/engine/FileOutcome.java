package dev.uploader.engine;

/**
 * What became of one source file.
 *
 * @param detail      for an upload, what was shown (the {@link Proof}'s words and the ETag); else why it was skipped
 *                    or failed
 * @param bytesSent   bytes that travelled to the store in this run (retries included once)
 * @param partsReused parts of an unfinished upload that matched the source and were not sent again
 * @param proof       for an upload, what was shown about the object; null otherwise
 * @param etag        for an upload, the object's ETag as the store gave it; null otherwise or when it gave none
 */
public record FileOutcome(String key, String sourcePath, long size, Status status, String detail,
                          long bytesSent, int partsReused, long bytesReused, int partCount, Proof proof, String etag) {

    public enum Status { UPLOADED, SKIPPED, FAILED }

    /** The words of a failure after which the destination holds an object that does not match its source. */
    public static final String DOES_NOT_MATCH = "the object at the destination does NOT match the source";

    /** Whether this failure left an object at the destination that does not match its source. */
    public boolean mismatchLeft() {
        return status == Status.FAILED && detail != null && detail.endsWith(DOES_NOT_MATCH);
    }

    public FileOutcome(String key, String sourcePath, long size, Status status, String detail,
                       long bytesSent, int partsReused, long bytesReused, int partCount, Proof proof) {
        this(key, sourcePath, size, status, detail, bytesSent, partsReused, bytesReused, partCount, proof, null);
    }

    public static FileOutcome uploaded(String key, String sourcePath, long size, Proof proof, String detail, long bytesSent,
                                       int partsReused, long bytesReused, int partCount, String etag) {
        return new FileOutcome(key, sourcePath, size, Status.UPLOADED, detail, bytesSent, partsReused, bytesReused, partCount, proof, etag);
    }

    public static FileOutcome skipped(String key, String sourcePath, long size, String why) {
        return new FileOutcome(key, sourcePath, size, Status.SKIPPED, why, 0, 0, 0, 0, null);
    }

    public static FileOutcome failed(String key, String sourcePath, long size, String why) {
        return new FileOutcome(key, sourcePath, size, Status.FAILED, why, 0, 0, 0, 0, null);
    }

    public boolean resumed() {
        return partsReused > 0;
    }
}

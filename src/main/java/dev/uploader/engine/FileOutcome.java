package dev.uploader.engine;

/**
 * What became of one source file.
 *
 * @param bytesSent   bytes that travelled to the store in this run (retries included once)
 * @param partsReused parts of an unfinished upload that matched the source and were not sent again
 */
public record FileOutcome(String key, String sourcePath, long size, Status status, String detail,
                          long bytesSent, int partsReused, long bytesReused, int partCount) {

    public enum Status { UPLOADED, SKIPPED, FAILED }

    public static FileOutcome skipped(String key, String sourcePath, long size, String why) {
        return new FileOutcome(key, sourcePath, size, Status.SKIPPED, why, 0, 0, 0, 0);
    }

    public static FileOutcome failed(String key, String sourcePath, long size, String why) {
        return new FileOutcome(key, sourcePath, size, Status.FAILED, why, 0, 0, 0, 0);
    }

    public boolean resumed() {
        return partsReused > 0;
    }
}

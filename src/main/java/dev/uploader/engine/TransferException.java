package dev.uploader.engine;

/**
 * The engine's few error kinds. Each storage adapter maps its SDK's exceptions to one of the subclasses,
 * so that retry and stop decisions are made once, here, and never by matching SDK types.
 */
public abstract sealed class TransferException extends RuntimeException
        permits TransferException.Retryable, TransferException.Fatal, TransferException.Rejected,
        TransferException.UploadGone, TransferException.SourceChanged, TransferException.VerificationFailed,
        TransferException.SourceUnreadable, TransferException.SourceGone, TransferException.CopyRefused,
        TransferException.Unsupported, TransferException.LeaseLost {

    protected TransferException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A transient failure (timeout, reset, 5xx, SlowDown, RequestTimeout, BadDigest): try the request again. */
    public static final class Retryable extends TransferException {
        private final java.time.Duration retryAfter;

        public Retryable(String message, Throwable cause) {
            this(message, cause, null);
        }

        /** @param retryAfter how long the store asked to wait (Retry-After), or null */
        public Retryable(String message, Throwable cause, java.time.Duration retryAfter) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        /** How long the store asked to wait before the next try, or null when it did not say. */
        public java.time.Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Nothing in this job can succeed (wrong keys, missing bucket, access denied, endpoint unreachable): stop. */
    public static final class Fatal extends TransferException {
        public Fatal(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The store refused this one request for good (bad key name, object too large ...): this file fails, others go on. */
    public static final class Rejected extends TransferException {
        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The multipart upload no longer exists (aborted, expired): start that file afresh. */
    public static final class UploadGone extends TransferException {
        public UploadGone(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The source changed while it was being sent. */
    public static final class SourceChanged extends TransferException {
        public SourceChanged(String message) {
            super(message, null);
        }

        public SourceChanged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The object at the destination does not match what was read from the source. */
    public static final class VerificationFailed extends TransferException {
        public VerificationFailed(String message) {
            super(message, null);
        }
    }

    /** The source could not be read (permission, vanished file, I/O error). */
    public static final class SourceUnreadable extends TransferException {
        public SourceUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The source entry no longer exists (deleted, renamed): an upload of it can never be completed or resumed. */
    public static final class SourceGone extends TransferException {
        public SourceGone(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The store does not implement this request (501 NotImplemented): asking again will not help. */
    public static final class Unsupported extends TransferException {
        public Unsupported(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The store will not copy this object server-side (permissions, not supported): send the bytes instead. */
    public static final class CopyRefused extends TransferException {
        public CopyRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The right to write this object is no longer held (a cluster worker's queue lease ran out or could not be
     * renewed): another worker may have the job, so nothing more is sent and the upload is never completed here.
     */
    public static final class LeaseLost extends TransferException {
        public LeaseLost(String message) {
            super(message, null);
        }
    }
}

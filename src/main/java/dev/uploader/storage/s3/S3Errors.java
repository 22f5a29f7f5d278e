package dev.uploader.storage.s3;

import dev.uploader.engine.TransferException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * What an S3-compatible store's answers and the network's failures mean for the engine: a few error kinds, each
 * with a message a user can act on. Both clients ({@code storage.s3.sdk} and {@code storage.http}) take the
 * status, error code and cause out of their own exceptions and ask here, so that one answer means one thing
 * whichever client got it.
 */
public final class S3Errors {
    private static final Set<String> WRONG_KEYS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurity",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "AuthorizationHeaderMalformed", "InvalidClientTokenId");
    private static final Set<String> RETRYABLE = Set.of("BadDigest", "RequestTimeout", "SlowDown", "InternalError",
            "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestThrottled", "TooManyRequests",
            "OperationAborted", "RequestTimeoutException", "IncompleteBody", "XAmzContentSHA256Mismatch");

    private final String place;
    private final String profile;
    private final String endpoint;

    /**
     * @param place   the bucket as messages name it, such as {@code s3://bucket}
     * @param profile the profile whose keys are used, named when they are refused
     */
    public S3Errors(String place, String profile) {
        this(place, profile, null);
    }

    /** @param endpoint the endpoint URL the requests go to, named when it cannot be reached; null for AWS */
    public S3Errors(String place, String profile, java.net.URI endpoint) {
        this.place = place;
        this.profile = profile == null || profile.isBlank() ? "default" : profile;
        this.endpoint = endpoint == null ? "AWS" : endpoint.toString();
    }

    public String place() {
        return place;
    }

    /**
     * An answer other than success.
     *
     * @param code   the error document's code, or null when there was none (HEAD, an empty body)
     * @param detail the error document's message, or null
     */
    public TransferException answer(String action, int status, String code, String detail, Throwable cause) {
        return answer(action, status, code, detail, cause, null);
    }

    /**
     * An answer other than success, with the store's Retry-After header where it sent one.
     *
     * @param retryAfter the header's value (seconds, or an HTTP date), or null
     */
    public TransferException answer(String action, int status, String code, String detail, Throwable cause, String retryAfter) {
        String what = action + " at " + place + ": " + (code == null ? "HTTP " + status + reasonPhrase(status) : code)
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        if (code != null && WRONG_KEYS.contains(code)) {
            return new TransferException.Fatal("the store rejected the credentials of profile '" + profile + "': " + code
                    + "; check the access key id and secret (or the endpoint they belong to)", cause);
        }
        if ("NoSuchBucket".equals(code)) {
            return new TransferException.Fatal("bucket " + place + " does not exist; create it or fix the bucket name", cause);
        }
        if ("NoSuchUpload".equals(code)) {
            return new TransferException.UploadGone(what, cause);
        }
        if ("InvalidPart".equals(code) || "InvalidPartOrder".equals(code)) {
            // a part named at completion is not (or no longer) what the store holds: the upload cannot be finished
            return new TransferException.UploadGone(what, cause);
        }
        if ("RequestTimeTooSkewed".equals(code)) {
            return new TransferException.Fatal("this computer's clock differs too much from the store's; set the clock right and run again", cause);
        }
        if ("AccessDenied".equals(code) || "AllAccessDisabled".equals(code) || "AccountProblem".equals(code)) {
            return new TransferException.Fatal("access denied: profile '" + profile + "' may not " + action + " at " + place
                    + "; grant it s3:ListBucket, s3:PutObject and the multipart permissions", cause);
        }
        if ("PermanentRedirect".equals(code) || status == 301) {
            return new TransferException.Fatal("bucket " + place + " is in another region or needs another endpoint; set the region of profile '"
                    + profile + "' or the endpoint URL", cause);
        }
        if (status == 501 || "NotImplemented".equals(code)) {
            return new TransferException.Unsupported(what + "; the store does not implement this request", cause);
        }
        if ((code != null && RETRYABLE.contains(code)) || status >= 500 || status == 429 || status == 408) {
            return new TransferException.Retryable(what, cause, retryAfter(retryAfter));
        }
        if (status == 403) {
            return new TransferException.Fatal("access denied (HTTP 403) to " + place + " for profile '" + profile
                    + "': check the keys, the endpoint and the bucket policy", cause);
        }
        if (status == 404 && code == null) {
            return new TransferException.Fatal(place + " was not found (HTTP 404): check the bucket name and the endpoint URL", cause);
        }
        return new TransferException.Rejected(what, cause);
    }

    /**
     * What an answer to a server-side copy means beyond {@link #answer}: a source that changed (its ETag, pinned with
     * x-amz-copy-source-if-match, no longer matches) or a copy the store refuses (no read access to the source, not
     * supported), after which the bytes travel through this machine instead. Null for any other answer.
     */
    public static TransferException copyAnswer(String action, int status, String code, Throwable cause) {
        if (status == 412 || "PreconditionFailed".equals(code)) {
            return new TransferException.SourceChanged("the source object was replaced during the copy", cause);
        }
        if ("NoSuchKey".equals(code)) {
            return new TransferException.SourceChanged("the source object was deleted during the copy", cause);
        }
        if ("NoSuchUpload".equals(code)) {
            return null;
        }
        if (status == 403 || status == 501 || "NotImplemented".equals(code) || "InvalidRequest".equals(code)
                || "AccessDenied".equals(code) || "InvalidArgument".equals(code) || "NoSuchBucket".equals(code)) {
            return new TransferException.CopyRefused(action + ": " + (code == null ? "HTTP " + status : code), cause);
        }
        return null;
    }

    /** What an HTTP status means, for an answer without an error document (a HEAD has none). */
    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 405 -> " Method Not Allowed";
            case 409 -> " Conflict";
            case 411 -> " Length Required";
            case 412 -> " Precondition Failed";
            case 416 -> " Range Not Satisfiable";
            case 500 -> " Internal Server Error";
            case 501 -> " Not Implemented";
            case 503 -> " Service Unavailable";
            default -> "";
        };
    }

    /** The wait a Retry-After header asks for (seconds or an HTTP date), or null when absent or unreadable. */
    static java.time.Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            return java.time.Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.Instant at = java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                java.time.Duration wait = java.time.Duration.between(java.time.Instant.now(), at);
                return wait.isNegative() ? java.time.Duration.ZERO : wait;
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** A request that got no usable answer: the network, TLS, a timeout, a reply cut short. */
    public TransferException network(String action, Throwable failure) {
        Throwable root = rootCause(failure);
        if (root instanceof UnknownHostException) {
            return new TransferException.Retryable("cannot resolve the host of " + place + " at " + endpoint
                    + "; check the endpoint URL and the network", failure);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return new TransferException.Retryable("cannot connect to " + place + " at " + endpoint + " (" + describe(root)
                    + "); is the endpoint URL right and the server up?", failure);
        }
        if (causedBy(failure, java.security.cert.CertPathBuilderException.class)
                || causedBy(failure, java.security.cert.CertPathValidatorException.class)) {
            // no retry makes an unknown authority known: say at once what to give
            return new TransferException.Fatal("TLS failed with " + place + " at " + endpoint + ": its certificate is not trusted here ("
                    + describe(root) + "); for a private certificate authority give its PEM file with CaBundle or"
                    + " --ca-bundle (or AWS_CA_BUNDLE); an expired certificate must be renewed on the store", failure);
        }
        if (causedBy(failure, SSLException.class)) {
            // the root is often a CertificateException inside the SSLHandshakeException: its message says what is wrong
            return new TransferException.Retryable("TLS failed with " + place + ": " + root.getMessage()
                    + "; check the endpoint URL and the server's certificate", failure);
        }
        return new TransferException.Retryable(action + " at " + place + ": " + describe(told(failure, root)), failure);
    }

    /**
     * The failure that says what happened: a timeout or stop said in words on the way up (the own client's "no progress
     * for 30 s ..." over the "Socket closed" the watchdog caused), else the root cause.
     */
    private static Throwable told(Throwable failure, Throwable root) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.InterruptedIOException && t.getMessage() != null && !t.getMessage().isBlank()) {
                return t;
            }
        }
        return root;
    }

    /** A failure without a message in words, not as its class name. */
    private static String describe(Throwable root) {
        if (root.getMessage() != null && !root.getMessage().isBlank()) {
            return root.getMessage();
        }
        if (root instanceof SocketTimeoutException) {
            return "no answer in time";
        }
        if (root instanceof java.io.EOFException) {
            return "the connection closed before the answer was whole";
        }
        return "the connection failed";
    }

    /** Keys that cannot be had (no such profile, an unreadable credentials file): nothing in the job can run. */
    public TransferException credentials(Throwable failure) {
        // the SDK's own text lists its provider classes: the words here say what to do instead
        return new TransferException.Fatal("no usable credentials for profile '" + profile + "': put aws_access_key_id and"
                + " aws_secret_access_key in the AWS credentials file, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", failure);
    }

    /** Connection problems worth reporting as "unreachable" when they persist before a job starts. */
    public static boolean isUnreachable(Throwable e) {
        Throwable root = rootCause(e);
        return root instanceof UnknownHostException || root instanceof ConnectException || root instanceof NoRouteToHostException
                || causedBy(e, SSLException.class) || causedBy(e, SocketTimeoutException.class);
    }

    /** Whether a failure came from the network or a reply cut short, rather than from this process. */
    public static boolean isNetwork(Throwable e) {
        return causedBy(e, IOException.class);
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    public static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}

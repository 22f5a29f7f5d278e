package dev.uploader.storage;

import dev.uploader.engine.TransferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns the AWS SDK's exceptions into the engine's few error kinds, with a message a user can act on. */
final class S3ErrorMapper {
    private static final Set<String> WRONG_KEYS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurity",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "AuthorizationHeaderMalformed", "InvalidClientTokenId");
    private static final Set<String> RETRYABLE = Set.of("BadDigest", "RequestTimeout", "SlowDown", "InternalError",
            "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestThrottled", "TooManyRequests",
            "OperationAborted", "RequestTimeoutException", "IncompleteBody", "XAmzContentSHA256Mismatch");

    private final String place;
    private final String profile;

    S3ErrorMapper(String place, String profile) {
        this.place = place;
        this.profile = profile;
    }

    RuntimeException map(String action, RuntimeException e) {
        if (e instanceof TransferException te) {
            return te;
        }
        if (e instanceof AwsServiceException service) {
            return mapService(action, service);
        }
        if (e instanceof SdkClientException client) {
            return mapClient(action, client);
        }
        if (e instanceof UncheckedIOException io) {
            return new TransferException.Retryable(action + ": " + io.getCause().getMessage(), e);
        }
        if (e instanceof SdkException sdk) {
            return new TransferException.Retryable(action + ": " + sdk.getMessage(), e);
        }
        return e;
    }

    private RuntimeException mapService(String action, AwsServiceException e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String what = action + " at " + place + ": " + (code == null ? "HTTP " + status : code) + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        if (code != null && WRONG_KEYS.contains(code)) {
            return new TransferException.Fatal("the store rejected the credentials of profile '" + profile + "': " + code
                    + "; check the access key id and secret (or the endpoint they belong to)", e);
        }
        if ("NoSuchBucket".equals(code)) {
            return new TransferException.Fatal("bucket " + place + " does not exist; create it or fix the bucket name", e);
        }
        if ("NoSuchUpload".equals(code)) {
            return new TransferException.UploadGone(what, e);
        }
        if ("RequestTimeTooSkewed".equals(code)) {
            return new TransferException.Fatal("this computer's clock differs too much from the store's; set the clock right and run again", e);
        }
        if ("AccessDenied".equals(code) || "AllAccessDisabled".equals(code) || "AccountProblem".equals(code)) {
            return new TransferException.Fatal("access denied: profile '" + profile + "' may not " + action + " at " + place
                    + "; grant it s3:ListBucket, s3:PutObject and the multipart permissions", e);
        }
        if ("PermanentRedirect".equals(code) || status == 301) {
            return new TransferException.Fatal("bucket " + place + " is in another region or needs another endpoint; set the region of profile '"
                    + profile + "' or the endpoint URL", e);
        }
        if ((code != null && RETRYABLE.contains(code)) || status >= 500 || status == 429 || status == 408) {
            return new TransferException.Retryable(what, e);
        }
        if (status == 403) {
            return new TransferException.Fatal("access denied (HTTP 403) to " + place + " for profile '" + profile
                    + "': check the keys, the endpoint and the bucket policy", e);
        }
        if (status == 404 && code == null) {
            return new TransferException.Fatal(place + " was not found (HTTP 404): check the bucket name and the endpoint URL", e);
        }
        return new TransferException.Rejected(what, e);
    }

    private RuntimeException mapClient(String action, SdkClientException e) {
        Throwable root = rootCause(e);
        if (root instanceof UnknownHostException) {
            return new TransferException.Retryable("cannot resolve the host of " + place + " (" + root.getMessage()
                    + "); check the endpoint URL and the network", e);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return new TransferException.Retryable("cannot connect to " + place + " (" + root.getMessage()
                    + "); is the endpoint URL right and the server up?", e);
        }
        if (causedBy(e, SSLException.class)) {
            // the root is often a CertificateException inside the SSLHandshakeException: its message says what is wrong
            return new TransferException.Retryable("TLS failed with " + place + ": " + root.getMessage()
                    + "; check the endpoint URL and the server's certificate", e);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("Unable to load credentials") || message.contains("Unable to load region")) {
            return new TransferException.Fatal(message, e);
        }
        if (root instanceof IOException || message.contains("timed out") || message.contains("Timeout")) {
            return new TransferException.Retryable(action + " at " + place + ": " + (root.getMessage() == null ? root : root.getMessage()), e);
        }
        return new TransferException.Retryable(action + " at " + place + ": " + message, e);
    }

    /** Connection problems worth reporting as "unreachable" when they persist before a job starts. */
    static boolean isUnreachable(Throwable e) {
        Throwable root = rootCause(e);
        return root instanceof UnknownHostException || root instanceof ConnectException || root instanceof NoRouteToHostException
                || causedBy(e, SSLException.class) || root instanceof java.net.SocketTimeoutException;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}

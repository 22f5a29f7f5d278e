package dev.uploader.storage.s3.sdk;

import dev.uploader.engine.TransferException;
import dev.uploader.storage.s3.S3Errors;
import java.io.UncheckedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** The AWS SDK's exceptions as the engine's errors: the status and code of an answer, or the cause of no answer. */
public final class SdkErrors {
    private final S3Errors errors;

    public SdkErrors(S3Errors errors) {
        this.errors = errors;
    }

    public RuntimeException map(String action, RuntimeException e) {
        return map(action, e, true);
    }

    /** For a HEAD, whose answers have no body: a status without an error code is all the store says. */
    public RuntimeException mapHead(String action, RuntimeException e) {
        return map(action, e, false);
    }

    private RuntimeException map(String action, RuntimeException e, boolean expectsDocument) {
        if (e instanceof TransferException te) {
            return te;
        }
        if (expectsDocument && e instanceof AwsServiceException service && code(service) == null && cutShort(service)) {
            // the error document ended before its length: the connection broke, the store's word is unknown
            return errors.network(action, new java.io.EOFException("the store's answer (HTTP " + service.statusCode() + ") was cut short"));
        }
        if (e instanceof AwsServiceException service) {
            return errors.answer(action, service.statusCode(), code(service),
                    service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage(), e, retryAfter(service));
        }
        if (e instanceof SdkClientException client) {
            String message = client.getMessage() == null ? "" : client.getMessage();
            if (message.contains("Unable to load credentials")) {
                return errors.credentials(e);
            }
            if (message.contains("Unable to load region")) {
                return new TransferException.Fatal("no region for the store: set DesRegion (or SrcRegion), or region in the profile", e);
            }
            return errors.network(action, e);
        }
        if (e instanceof UncheckedIOException || e instanceof SdkException) {
            return errors.network(action, e);
        }
        return e;
    }

    /**
     * Whether an error answer promised a document (XML, or a length) that could not be read: cut short, or ended early
     * by a closed connection, which leaves the SDK a status and no code. Its word is unknown: worth another try.
     */
    private static boolean cutShort(AwsServiceException e) {
        if (e.statusCode() < 400 || e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
            return false;
        }
        var response = e.awsErrorDetails().sdkHttpResponse();
        boolean xml = response.firstMatchingHeader("Content-Type").map(t -> t.contains("xml")).orElse(false);
        boolean length = response.firstMatchingHeader("Content-Length").map(l -> !l.trim().equals("0")).orElse(false);
        return xml || length;
    }

    private static String retryAfter(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
            return null;
        }
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").orElse(null);
    }

    /** The error document's code, or null. */
    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}

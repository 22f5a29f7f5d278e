package dev.uploader.storage.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.TransferException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class S3ErrorsTest {
    private final S3Errors errors = new S3Errors("s3://b", "p", URI.create("http://nosuchhost.invalid:9000"));

    @Test
    void network_unknownHostWithoutMessage_namesTheEndpointNeverNull() {
        TransferException e = errors.network("list the bucket", new IOException(new UnknownHostException()));

        assertInstanceOf(TransferException.Retryable.class, e);
        assertTrue(e.getMessage().contains("http://nosuchhost.invalid:9000"), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void network_failureWithoutMessage_wordsNotAClassName() {
        TransferException e = errors.network("upload k", new java.net.SocketTimeoutException());

        assertTrue(e.getMessage().endsWith("no answer in time"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
}

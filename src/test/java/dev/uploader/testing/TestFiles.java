package dev.uploader.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import software.amazon.awssdk.services.s3.S3Client;

/** Deterministic test data and comparisons. */
public final class TestFiles {
    public static final long MIB = 1024 * 1024;

    private TestFiles() {
    }

    /** A file of pseudo-random bytes from a seed, written in pieces so big files need no big buffer. */
    /** {@code size} random bytes from {@code seed}. */
    public static byte[] bytes(long size, long seed) {
        byte[] data = new byte[(int) size];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }

    public static Path write(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Random random = new Random(seed);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                random.nextBytes(buffer);
                int n = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        return file;
    }

    public static String md5(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return md5(in);
        }
    }

    public static String md5(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** MD5 of the object's bytes as the store serves them. */
    public static String objectMd5(S3Client s3, String bucket, String key) throws Exception {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            return md5(in);
        }
    }

    /** Puts {@code data} with a multipart upload of {@code partSize} parts, so that its ETag is "-N". */
    public static void putInParts(software.amazon.awssdk.services.s3.S3Client s3, String bucket, String key, byte[] data, long partSize) {
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        java.util.List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new java.util.ArrayList<>();
        for (int n = 1; (long) (n - 1) * partSize < data.length; n++) {
            int from = (int) ((n - 1) * partSize);
            int to = (int) Math.min(data.length, n * partSize);
            int number = n;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(java.util.Arrays.copyOfRange(data, from, to))).eTag();
            parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }
}

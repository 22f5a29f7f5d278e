package dev.uploader.engine;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** MD5 digests and the ETag forms S3 derives from them. */
public final class Md5 {
    private static final Pattern PLAIN = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern COMPOSITE = Pattern.compile("[0-9a-fA-F]{32}-[0-9]+");
    private static final int BUFFER = 256 * 1024;

    private Md5() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no MD5", e);
        }
    }

    /** Reads the stream to its end. */
    public static byte[] of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    public static byte[] of(byte[] bytes, int offset, int length) {
        MessageDigest digest = newDigest();
        digest.update(bytes, offset, length);
        return digest.digest();
    }

    public static String hex(byte[] md5) {
        return HexFormat.of().formatHex(md5);
    }

    public static String base64(byte[] md5) {
        return Base64.getEncoder().encodeToString(md5);
    }

    /** The ETag S3 gives a multipart object: MD5 of the concatenated binary part MD5s, "-", part count. */
    public static String multipartEtag(List<byte[]> partMd5s) {
        MessageDigest digest = newDigest();
        partMd5s.forEach(digest::update);
        return hex(digest.digest()) + "-" + partMd5s.size();
    }

    /** An ETag that is a plain MD5 hex (single PUT without SSE-KMS/SSE-C). */
    public static boolean isPlainEtag(String etag) {
        return etag != null && PLAIN.matcher(etag).matches();
    }

    /** Either MD5 form: the only ETags that say anything about content. */
    public static boolean isMd5Form(String etag) {
        return isPlainEtag(etag) || isCompositeEtag(etag);
    }

    /** An ETag of the MD5-composite "-N" multipart form. */
    public static boolean isCompositeEtag(String etag) {
        return etag != null && COMPOSITE.matcher(etag).matches();
    }
}

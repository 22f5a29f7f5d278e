package dev.uploader.engine;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** MD5 digests and the ETag forms S3 derives from them. */
public final class Md5 {
    private static final int BUFFER = 256 * 1024;
    private static final PristineDigest MD5 = new PristineDigest("MD5");

    private Md5() {
    }

    /** A fresh digest (a clone: cheaper than finding MD5 among the providers for each file). */
    public static MessageDigest newDigest() {
        return MD5.newDigest();
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
        // checked once per file and per part: a plain loop, not a regex
        return etag != null && etag.length() == 32 && isHex(etag, 0, 32);
    }

    /** Either MD5 form: the only ETags that say anything about content. */
    public static boolean isMd5Form(String etag) {
        return isPlainEtag(etag) || isCompositeEtag(etag);
    }

    /** An ETag of the MD5-composite "-N" multipart form. */
    public static boolean isCompositeEtag(String etag) {
        if (etag == null || etag.length() < 34 || etag.charAt(32) != '-' || !isHex(etag, 0, 32)) {
            return false;
        }
        for (int i = 33; i < etag.length(); i++) {
            char c = etag.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}

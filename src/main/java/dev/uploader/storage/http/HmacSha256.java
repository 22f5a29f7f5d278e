package dev.uploader.storage.http;

import dev.uploader.engine.PristineDigest;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 (RFC 2104) over the JDK's SHA-256, for request signatures. Not javax.crypto.Mac: the first Mac of a
 * process starts javax.crypto's provider checks, which make an http URL, and the JDK looks for URL handler
 * providers with a ServiceLoader that opens every jar of the class path (20 ms of each run, docs/decisions/0007).
 * Held to javax.crypto.Mac and to RFC 4231's test vectors by its test.
 */
final class HmacSha256 {
    private static final int BLOCK = 64;
    private static final PristineDigest SHA256 = new PristineDigest("SHA-256");

    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];

    HmacSha256(byte[] key) {
        byte[] k = key.length > BLOCK ? newDigest().digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    /** Safe to call from several threads at once. */
    byte[] mac(byte[] data) {
        MessageDigest inner = newDigest();
        inner.update(innerPad);
        inner.update(data);
        MessageDigest outer = newDigest();
        outer.update(outerPad);
        return outer.digest(inner.digest());
    }

    private static MessageDigest newDigest() {
        return SHA256.newDigest();
    }
}

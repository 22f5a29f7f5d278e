package dev.uploader.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Digests of one algorithm, each a clone of an instance that is never updated: cheaper than finding the algorithm
 * among the security providers for every file or request.
 */
public final class PristineDigest {
    private final String algorithm;
    private final MessageDigest pristine;

    /** @throws IllegalStateException when this Java runtime lacks the algorithm */
    public PristineDigest(String algorithm) {
        this.algorithm = algorithm;
        this.pristine = lookUp();
    }

    /** A fresh digest, independent of every other. */
    public MessageDigest newDigest() {
        try {
            return (MessageDigest) pristine.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    private MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no " + algorithm, e);
        }
    }
}

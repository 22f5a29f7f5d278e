package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The decision table of what an upload proved: never more than what was read and what the store answered show. */
class ProofRuleTest {
    private static final String A = "0123456789abcdef0123456789abcdef";
    private static final String COMPOSITE = "fedcba9876543210fedcba9876543210-3";
    private static final String OTHER_COMPOSITE = "00000000000000000000000000000000-3";
    private static final String PLACE = "s3://b/k";

    private static ProofRule.Evidence evidence(String sourceEtag, boolean comparable, boolean guessed, String expected,
                                               boolean contentChecked, String stored, boolean contentHash, Long size) {
        return new ProofRule.Evidence(100, sourceEtag, comparable, guessed, expected, contentChecked, stored, contentHash, size);
    }

    // ---- a store whose multipart ETag is the MD5 of the whole object (s3rver) ----

    private static ProofRule.Evidence wholeMd5Store(String sourceEtag, String wholeMd5FromBytes, Long size) {
        return new ProofRule.Evidence(100, sourceEtag, false, false, COMPOSITE, false, A, true, size, wholeMd5FromBytes);
    }

    @Test
    void prove_storeGivesWholeMd5AndFileReadAgainGivesIt_wholeMd5() {
        assertEquals(Proof.WHOLE_MD5, ProofRule.prove(PLACE, wholeMd5Store(null, A, 100L)));
    }

    @Test
    void prove_storeGivesWholeMd5OtherThanTheFileRead_verificationFails() {
        TransferException.VerificationFailed e = assertThrows(TransferException.VerificationFailed.class,
                () -> ProofRule.prove(PLACE, wholeMd5Store(null, "ffffffffffffffffffffffffffffffff", 100L)));
        assertTrue(e.getMessage().contains("whole file"), e.getMessage());
    }

    @Test
    void prove_storeGivesWholeMd5EqualToTheSourcesPlainEtag_sourceEtag() {
        assertEquals(Proof.SOURCE_ETAG, ProofRule.prove(PLACE, wholeMd5Store(A, null, 100L)));
    }

    @Test
    void prove_storeGivesWholeMd5RemoteSourceNotReadAgain_sizeOnlySaidSo() {
        assertEquals(Proof.SIZE_ONLY_WHOLE_MD5, ProofRule.prove(PLACE, wholeMd5Store(COMPOSITE, null, 100L)));
        assertTrue(ProofRule.needsHead(A, true, COMPOSITE, false, false), "the size must be looked up");
    }

    @Test
    void prove_storeGivesWholeMd5AndTheSizeDiffers_verificationFails() {
        assertThrows(TransferException.VerificationFailed.class, () -> ProofRule.prove(PLACE, wholeMd5Store(COMPOSITE, null, 99L)));
    }

    @Test
    void prove_localFileEtagEqualsMd5OfBytesRead_partMd5s() {
        assertEquals(Proof.PART_MD5S, ProofRule.prove(PLACE, evidence(null, false, false, A, false, A, true, null)));
    }

    @Test
    void prove_etagOtherThanBytesRead_verificationFails() {
        TransferException.VerificationFailed e = assertThrows(TransferException.VerificationFailed.class,
                () -> ProofRule.prove(PLACE, evidence(null, false, false, A, false, COMPOSITE, true, null)));
        assertTrue(e.getMessage().contains("the bytes read give " + A), e.getMessage());
    }

    @Test
    void prove_sameLayoutAndEtagEqualsSourcesAndBytes_sourceEtag() {
        assertEquals(Proof.SOURCE_ETAG, ProofRule.prove(PLACE, evidence(COMPOSITE, true, false, COMPOSITE, false, COMPOSITE, true, null)));
    }

    @Test
    void prove_guessedLayoutRight_sourceEtag() {
        assertEquals(Proof.SOURCE_ETAG, ProofRule.prove(PLACE, evidence(COMPOSITE, true, true, COMPOSITE, false, COMPOSITE, true, null)));
    }

    @Test
    void prove_guessedLayoutWrong_layoutGuessedNeverAMatch() {
        Proof proof = ProofRule.prove(PLACE, evidence(COMPOSITE, true, true, OTHER_COMPOSITE, false, OTHER_COMPOSITE, true, null));

        assertEquals(Proof.LAYOUT_GUESSED, proof);
        assertFalse(proof.words().contains("equals the source"), proof.words());
    }

    @Test
    void prove_otherLayoutButWholeContentCheckPassed_sourceChecksum() {
        assertEquals(Proof.SOURCE_CHECKSUM, ProofRule.prove(PLACE, evidence(A, false, false, COMPOSITE, true, COMPOSITE, true, null)));
    }

    @Test
    void prove_remoteResumedOtherLayoutNoContentCheck_partMd5s() {
        assertEquals(Proof.PART_MD5S, ProofRule.prove(PLACE, evidence(A, false, false, COMPOSITE, false, COMPOSITE, true, null)));
    }

    @Test
    void prove_copiedSameLayoutEtagEqualsSources_sourceEtag() {
        assertEquals(Proof.SOURCE_ETAG, ProofRule.prove(PLACE, evidence(COMPOSITE, true, false, null, false, COMPOSITE, true, null)));
    }

    @Test
    void prove_copiedSameLayoutOtherEtag_verificationFails() {
        assertThrows(TransferException.VerificationFailed.class,
                () -> ProofRule.prove(PLACE, evidence(COMPOSITE, true, false, null, false, OTHER_COMPOSITE, true, null)));
    }

    @Test
    void prove_copiedLayoutNotComparable_copiedWithSize() {
        assertTrue(ProofRule.needsHead(A, true, null, false, false));
        assertEquals(Proof.COPIED, ProofRule.prove(PLACE, evidence(COMPOSITE, false, false, null, false, A, true, 100L)));
    }

    @Test
    void prove_kmsEtag_sizeOnlyEncrypted() {
        assertTrue(ProofRule.needsHead(A, false, A, false, false));
        assertEquals(Proof.SIZE_ONLY_ENCRYPTED, ProofRule.prove(PLACE, evidence(null, false, false, A, false, "kms-etag", false, 100L)));
    }

    @Test
    void prove_storeEtagNoMd5_sizeOnly() {
        assertTrue(ProofRule.needsHead("opaque", true, A, false, false));
        assertEquals(Proof.SIZE_ONLY, ProofRule.prove(PLACE, evidence(null, false, false, A, false, "opaque", true, 100L)));
    }

    @Test
    void prove_sizeDiffers_verificationFails() {
        TransferException.VerificationFailed e = assertThrows(TransferException.VerificationFailed.class,
                () -> ProofRule.prove(PLACE, evidence(null, false, false, A, false, "opaque", true, 99L)));
        assertTrue(e.getMessage().contains("99 bytes"), e.getMessage());
    }

    @Test
    void prove_copiedInGuessedPartsOtherEtag_copiedWithSizeNeverAFailure() {
        assertTrue(ProofRule.needsHead(OTHER_COMPOSITE, true, null, true, true));
        assertEquals(Proof.COPIED, ProofRule.prove(PLACE, evidence(COMPOSITE, true, true, null, false, OTHER_COMPOSITE, true, 100L)));
    }

    @Test
    void needsHead_md5EtagAndPrediction_noHead() {
        assertFalse(ProofRule.needsHead(A, true, A, false, false));
        assertFalse(ProofRule.needsHead(COMPOSITE, true, null, true, false));
    }
}

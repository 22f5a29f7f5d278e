package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision table of the one resume rule: when an unfinished upload is continued, and which of its parts are kept. */
class ResumeRuleTest {
    private static final long MIB = 1024L * 1024;
    /** 12 MiB in 5 MiB parts: 5, 5, 2. */
    private static final PartLayout LAYOUT = PartLayout.of(12 * MIB, 5 * MIB);

    private static RemotePart part(int number, long size) {
        return new RemotePart(number, size, "etag" + number);
    }

    @Test
    void consistent_allPartsWithExpectedSizes_true() {
        assertTrue(ResumeRule.consistent(LAYOUT, List.of(part(1, 5 * MIB), part(2, 5 * MIB), part(3, 2 * MIB))));
    }

    @Test
    void consistent_noParts_true() {
        assertTrue(ResumeRule.consistent(LAYOUT, List.of()));
    }

    @Test
    void consistent_someMiddlePartsOnly_true() {
        assertTrue(ResumeRule.consistent(LAYOUT, List.of(part(2, 5 * MIB))));
        assertTrue(ResumeRule.consistent(LAYOUT, List.of(part(3, 2 * MIB), part(1, 5 * MIB))));
    }

    @Test
    void consistent_lastPartFullSize_false() {
        assertFalse(ResumeRule.consistent(LAYOUT, List.of(part(1, 5 * MIB), part(3, 5 * MIB))));
    }

    @Test
    void consistent_partOfOtherSize_false() {
        assertFalse(ResumeRule.consistent(LAYOUT, List.of(part(1, 6 * MIB))));
        assertFalse(ResumeRule.consistent(LAYOUT, List.of(part(2, 5 * MIB - 1))));
    }

    @Test
    void consistent_partNumberBeyondCount_false() {
        assertFalse(ResumeRule.consistent(LAYOUT, List.of(part(4, 0))));
        assertFalse(ResumeRule.consistent(LAYOUT, List.of(part(4, 2 * MIB))));
    }

    @Test
    void consistent_partNumberZeroOrNegative_false() {
        assertFalse(ResumeRule.consistent(LAYOUT, List.of(part(0, 5 * MIB))));
        assertFalse(ResumeRule.consistent(LAYOUT, List.of(part(-1, 5 * MIB))));
    }

    @Test
    void consistent_uploadWithLargerPartSize_onlyMatchesItsOwnLayout() {
        List<RemotePart> eightMiBParts = List.of(part(1, 8 * MIB), part(2, 4 * MIB));

        assertFalse(ResumeRule.consistent(LAYOUT, eightMiBParts));
        assertTrue(ResumeRule.consistent(PartLayout.of(12 * MIB, 8 * MIB), eightMiBParts));
    }

    @Test
    void consistent_exactMultipleLastPartFullSize_true() {
        PartLayout layout = PartLayout.of(10 * MIB, 5 * MIB);

        assertTrue(ResumeRule.consistent(layout, List.of(part(1, 5 * MIB), part(2, 5 * MIB))));
    }

    @Test
    void shortId_longOrShortId_truncatedAfterTwelve() {
        assertEquals("abc", ResumeRule.shortId("abc"));
        assertEquals("123456789012", ResumeRule.shortId("123456789012"));
        assertEquals("123456789012...", ResumeRule.shortId("1234567890123"));
    }

    @Test
    void describeSize_wholeMiBOrNot_readableUnit() {
        assertEquals("8 MiB", ResumeRule.describeSize(8 * MIB));
        assertEquals("5242881 bytes", ResumeRule.describeSize(5 * MIB + 1));
    }

    // ---- decide: files on this machine (read again) ----

    private static final SourceEntry FILE = new SourceEntry("f.bin", 12 * MIB, 1000);
    private static final String MD5_A = "0123456789abcdef0123456789abcdef";
    private static final String MD5_B = "fedcba9876543210fedcba9876543210";

    private static RemotePart listed(int number, long size, String etag) {
        return new RemotePart(number, size, etag);
    }

    @Test
    void decide_noUnfinishedUpload_startsNew() {
        assertInstanceOf(ResumeDecision.StartNew.class,
                ResumeRule.decide(FILE, true, LAYOUT, null, List.of(), Optional.empty(), Long.MAX_VALUE));
    }

    @Test
    void decide_fileWithPartsOfPlannedSize_continuesAndOffersEveryWholePartForReading() {
        ResumeDecision d = ResumeRule.decide(FILE, true, LAYOUT, "u1",
                List.of(listed(1, 5 * MIB, MD5_A), listed(3, 2 * MIB, MD5_B)), Optional.empty(), Long.MAX_VALUE);

        ResumeDecision.Continue go = assertInstanceOf(ResumeDecision.Continue.class, d);
        assertEquals("u1", go.uploadId());
        assertEquals(LAYOUT, go.layout());
        assertEquals(2, go.reusable().size());
        assertEquals(ResumeDecision.Check.READ_AGAIN, go.reusable().get(1).check());
        assertEquals(null, go.notice());
    }

    @Test
    void decide_filePartWithNonMd5Etag_notOfferedSoItIsSentAgain() {
        ResumeDecision.Continue go = assertInstanceOf(ResumeDecision.Continue.class, ResumeRule.decide(FILE, true, LAYOUT, "u1",
                List.of(listed(1, 5 * MIB, "not-an-md5"), listed(2, 5 * MIB, MD5_A + "-2")), Optional.empty(), Long.MAX_VALUE));

        assertTrue(go.reusable().isEmpty());
    }

    @Test
    void decide_fileUploadWithAnotherPartSize_continuesWithThatSizeAndSaysSo() {
        ResumeDecision.Continue go = assertInstanceOf(ResumeDecision.Continue.class, ResumeRule.decide(FILE, true, LAYOUT, "u1",
                List.of(listed(1, 8 * MIB, MD5_A)), Optional.empty(), Long.MAX_VALUE));

        assertEquals(8 * MIB, go.layout().partSize());
        assertTrue(go.notice().contains("with its part size of 8 MiB"), go.notice());
        assertEquals(1, go.reusable().size());
    }

    @Test
    void decide_filePartsFittingNoLayout_abortsAndStartsNew() {
        ResumeDecision d = ResumeRule.decide(FILE, true, LAYOUT, "u1",
                List.of(listed(1, 5 * MIB, MD5_A), listed(2, 6 * MIB, MD5_B)), Optional.empty(), Long.MAX_VALUE);

        ResumeDecision.AbortAndStartNew abort = assertInstanceOf(ResumeDecision.AbortAndStartNew.class, d);
        assertEquals("u1", abort.uploadId());
    }

    @Test
    void decide_fileGrewPastItsPartCount_abortsAndStartsNew() {
        SourceEntry shrunk = new SourceEntry("f.bin", 9 * MIB, 2000);
        ResumeDecision d = ResumeRule.decide(shrunk, true, PartLayout.of(9 * MIB, 5 * MIB), "u1",
                List.of(listed(1, 5 * MIB, MD5_A), listed(3, 2 * MIB, MD5_B)), Optional.empty(), Long.MAX_VALUE);

        assertInstanceOf(ResumeDecision.AbortAndStartNew.class, d);
    }

    // ---- decide: remote sources (by record) ----

    private static final SourceEntry OBJECT = new SourceEntry("o.bin", 12 * MIB, 1000, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "v1");

    private static ResumeRecord record(SourceEntry from, long partSize, Map<Integer, ResumeRecord.StoredPart> parts) {
        return new ResumeRecord(from.etag(), from.version(), from.size(), from.lastModifiedMillis(), partSize, parts);
    }

    @Test
    void decide_remoteWithoutRecord_abortsAndStartsNew() {
        ResumeDecision d = ResumeRule.decide(OBJECT, false, LAYOUT, "u1", List.of(listed(1, 5 * MIB, MD5_A)), Optional.empty(), Long.MAX_VALUE);

        ResumeDecision.AbortAndStartNew abort = assertInstanceOf(ResumeDecision.AbortAndStartNew.class, d);
        assertTrue(abort.reason().contains("no resume record"), abort.reason());
    }

    @Test
    void decide_remoteSourceReplacedSinceTheRecord_abortsAndStartsNew() {
        SourceEntry replaced = new SourceEntry("o.bin", 12 * MIB, 2000, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", null);
        ResumeRecord old = record(OBJECT, 5 * MIB, Map.of(1, new ResumeRecord.StoredPart(MD5_A, MD5_A)));

        ResumeDecision d = ResumeRule.decide(replaced, false, LAYOUT, "u1", List.of(listed(1, 5 * MIB, MD5_A)), Optional.of(old), Long.MAX_VALUE);

        ResumeDecision.AbortAndStartNew abort = assertInstanceOf(ResumeDecision.AbortAndStartNew.class, d);
        assertTrue(abort.reason().contains("another version"), abort.reason());
    }

    @Test
    void decide_remoteOtherVersionIdSameEtag_abortsAndStartsNew() {
        SourceEntry otherVersion = new SourceEntry("o.bin", 12 * MIB, 1000, OBJECT.etag(), "v2");

        assertInstanceOf(ResumeDecision.AbortAndStartNew.class, ResumeRule.decide(otherVersion, false, LAYOUT, "u1", List.of(),
                Optional.of(record(OBJECT, 5 * MIB, Map.of())), Long.MAX_VALUE));
    }

    @Test
    void decide_remoteSameVersion_keepsOnlyPartsWhoseEtagAndSizeTheRecordNames() {
        ResumeRecord r = record(OBJECT, 5 * MIB, Map.of(
                1, new ResumeRecord.StoredPart(MD5_A, MD5_A),
                2, new ResumeRecord.StoredPart(MD5_B, MD5_B),
                3, new ResumeRecord.StoredPart(MD5_A, MD5_A)));
        List<RemotePart> parts = List.of(
                listed(1, 5 * MIB, MD5_A),        // as recorded: kept
                listed(2, 5 * MIB, MD5_A),        // another ETag (a half-written or foreign part): sent again
                listed(3, 1 * MIB, MD5_A),        // another size: sent again
                listed(4, 2 * MIB, MD5_B));       // not in the layout, not recorded: ignored

        ResumeDecision.Continue go = assertInstanceOf(ResumeDecision.Continue.class,
                ResumeRule.decide(OBJECT, false, LAYOUT, "u1", parts, Optional.of(r), Long.MAX_VALUE));

        assertEquals(Map.of(1, ResumeDecision.Check.RECORDED), Map.of(1, go.reusable().get(1).check()));
        assertEquals(1, go.reusable().size());
        assertArrayEquals(java.util.HexFormat.of().parseHex(MD5_A), go.reusable().get(1).md5());
    }

    @Test
    void decide_remoteReplacedWithSameEtagSizeButAnotherTime_abortsAndStartsNew() {
        SourceEntry rewritten = new SourceEntry("o.bin", 12 * MIB, 5000, OBJECT.etag(), OBJECT.version());

        assertInstanceOf(ResumeDecision.AbortAndStartNew.class, ResumeRule.decide(rewritten, false, LAYOUT, "u1", List.of(),
                Optional.of(record(OBJECT, 5 * MIB, Map.of())), Long.MAX_VALUE));
    }

    @Test
    void decide_remoteSourceWithoutEtag_neverContinued() {
        SourceEntry noEtag = new SourceEntry("o.bin", 12 * MIB, 1000, "", null);
        ResumeRecord r = record(noEtag, 5 * MIB, Map.of(1, new ResumeRecord.StoredPart(MD5_A, MD5_A)));

        ResumeDecision.AbortAndStartNew abort = assertInstanceOf(ResumeDecision.AbortAndStartNew.class,
                ResumeRule.decide(noEtag, false, LAYOUT, "u1", List.of(listed(1, 5 * MIB, MD5_A)), Optional.of(r), Long.MAX_VALUE));
        assertTrue(abort.reason().contains("no ETag"), abort.reason());
    }

    @Test
    void decide_remoteListedPartNotInRecord_sentAgain() {
        ResumeDecision.Continue go = assertInstanceOf(ResumeDecision.Continue.class, ResumeRule.decide(OBJECT, false, LAYOUT, "u1",
                List.of(listed(1, 5 * MIB, MD5_A)), Optional.of(record(OBJECT, 5 * MIB, Map.of())), Long.MAX_VALUE));

        assertTrue(go.reusable().isEmpty(), "a part the record does not name was stored after a kill, before its line: send it again");
    }

    @Test
    void decide_remoteRecordWithAnotherPartSize_continuesWithTheRecordsLayout() {
        ResumeRecord r = record(OBJECT, 8 * MIB, Map.of(1, new ResumeRecord.StoredPart(MD5_A, MD5_A)));

        ResumeDecision.Continue go = assertInstanceOf(ResumeDecision.Continue.class, ResumeRule.decide(OBJECT, false, LAYOUT, "u1",
                List.of(listed(1, 8 * MIB, MD5_A)), Optional.of(r), Long.MAX_VALUE));

        assertEquals(PartLayout.of(12 * MIB, 8 * MIB), go.layout());
        assertEquals(1, go.reusable().size());
        assertTrue(go.notice().contains("8 MiB"), go.notice());
    }

    @Test
    void decide_remoteRecordPartSizeOverMemoryBudget_abortsAndStartsNew() {
        ResumeRecord r = record(OBJECT, 8 * MIB, Map.of());

        assertInstanceOf(ResumeDecision.AbortAndStartNew.class,
                ResumeRule.decide(OBJECT, false, LAYOUT, "u1", List.of(), Optional.of(r), 7 * MIB));
    }

    @Test
    void decide_remotePartCopiedByTheStore_keptWithoutAnMd5() {
        ResumeRecord r = record(OBJECT, 5 * MIB, Map.of(1, new ResumeRecord.StoredPart("copied-etag-1", null)));

        ResumeDecision.Continue go = assertInstanceOf(ResumeDecision.Continue.class, ResumeRule.decide(OBJECT, false, LAYOUT, "u1",
                List.of(listed(1, 5 * MIB, "copied-etag-1")), Optional.of(r), Long.MAX_VALUE));

        assertEquals(null, go.reusable().get(1).md5(), "no byte of it passed here: the object's ETag cannot be predicted");
    }
}

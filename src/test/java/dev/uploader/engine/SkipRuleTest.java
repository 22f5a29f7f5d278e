package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision table of the skip rule: never skip what might differ; read the file only when the times cannot tell. */
class SkipRuleTest {
    private static final String MD5 = "0123456789abcdef0123456789abcdef";
    private static final String OTHER = "fedcba9876543210fedcba9876543210";
    /** The file changed at 10.500 s past some minute. */
    private static final long CHANGED = Instant.parse("2026-12-02T07:00:10.500Z").toEpochMilli();
    private static final SourceEntry FILE = new SourceEntry("f.bin", 100, CHANGED);

    private final List<Integer> reads = new ArrayList<>();

    private SkipRule.FileEtag fileIs(String etag) {
        return parts -> {
            reads.add(parts);
            return etag;
        };
    }

    private static RemoteObject object(long size, String time, String etag) {
        return new RemoteObject("k", size, time == null ? null : Instant.parse(time), etag);
    }

    @Test
    void skip_noObjectOrOtherSize_sent() {
        assertEquals(Optional.empty(), SkipRule.skip(FILE, null, true, fileIs(MD5)));
        assertEquals(Optional.empty(), SkipRule.skip(FILE, object(99, "2026-12-02T08:00:00Z", MD5), true, fileIs(MD5)));
        assertTrue(reads.isEmpty());
    }

    @Test
    void skip_objectWrittenSecondsAfterTheChange_skippedWithoutReading() {
        assertTrue(SkipRule.skip(FILE, object(100, "2026-12-02T07:00:11Z", OTHER), true, fileIs(MD5)).isPresent());
        assertTrue(reads.isEmpty(), "the times tell: nothing read");
    }

    @Test
    void skip_objectOlderThanTheChange_sent() {
        assertEquals(Optional.empty(), SkipRule.skip(FILE, object(100, "2026-12-02T07:00:09Z", MD5), true, fileIs(MD5)));
        assertTrue(reads.isEmpty());
    }

    @Test
    void skip_objectOfTheSameSecondAsTheChange_fileReadAndSkippedOnlyWhenItsMd5IsTheEtag() {
        RemoteObject sameSecond = object(100, "2026-12-02T07:00:10Z", MD5);

        assertTrue(SkipRule.skip(FILE, sameSecond, true, fileIs(MD5)).isPresent());
        assertEquals(Optional.empty(), SkipRule.skip(FILE, sameSecond, true, fileIs(OTHER)), "rewritten in the second of the upload: sent");
        assertEquals(List.of(0, 0), reads);
    }

    @Test
    void skip_sameSecondMultipartObject_fileReadInItsPartCount() {
        RemoteObject sameSecond = object(100, "2026-12-02T07:00:10Z", MD5 + "-3");

        assertTrue(SkipRule.skip(FILE, sameSecond, true, fileIs(MD5 + "-3")).isPresent());
        assertEquals(List.of(3), reads);
        assertEquals(Optional.empty(), SkipRule.skip(FILE, sameSecond, true, fileIs(null)), "layout not this job's: sent");
    }

    @Test
    void skip_sameSecondRemoteSourceOrEtagNoMd5_sentNothingRead() {
        SourceEntry remote = new SourceEntry("f.bin", 100, CHANGED, "opaque-oss-etag", null);
        assertEquals(Optional.empty(), SkipRule.skip(remote, object(100, "2026-12-02T07:00:10Z", MD5), false, fileIs(MD5)));
        assertEquals(Optional.empty(), SkipRule.skip(FILE, object(100, "2026-12-02T07:00:10Z", "kms-etag"), true, fileIs(MD5)));
        assertTrue(reads.isEmpty());
    }

    @Test
    void skip_objectWithoutTime_fileReadToTell() {
        assertTrue(SkipRule.skip(FILE, object(100, null, MD5), true, fileIs(MD5)).isPresent());
        assertEquals(Optional.empty(), SkipRule.skip(FILE, object(100, null, MD5), true, fileIs(OTHER)));
    }

    @Test
    void skip_remoteSourceComparableEtags_equalSkippedOtherSentWhateverTheTimes() {
        SourceEntry remote = new SourceEntry("f.bin", 100, CHANGED, MD5 + "-2", null);

        assertTrue(SkipRule.skip(remote, object(100, "2026-12-02T06:00:00Z", MD5 + "-2"), false, fileIs(null)).isPresent());
        assertEquals(Optional.empty(), SkipRule.skip(remote, object(100, "2026-12-02T09:00:00Z", OTHER + "-2"), false, fileIs(null)));
    }

    @Test
    void skip_remoteSourceEtagsNotComparable_byTime() {
        SourceEntry remote = new SourceEntry("f.bin", 100, CHANGED, MD5 + "-2", null);

        assertTrue(SkipRule.skip(remote, object(100, "2026-12-02T09:00:00Z", MD5 + "-3"), false, fileIs(null)).isPresent());
        assertEquals(Optional.empty(), SkipRule.skip(remote, object(100, "2026-12-02T06:00:00Z", MD5 + "-3"), false, fileIs(null)));
    }

    // --checksum: content decides, the time never does

    @Test
    void byContent_noObjectOrOtherSize_sentNothingRead() {
        assertEquals(Optional.empty(), SkipRule.byContent(FILE, null, true, fileIs(MD5)));
        assertEquals(Optional.empty(), SkipRule.byContent(FILE, object(99, "2026-12-02T08:00:00Z", MD5), true, fileIs(MD5)));
        assertTrue(reads.isEmpty());
    }

    @Test
    void byContent_objectWrittenLaterButOtherMd5_sent() {
        assertEquals(Optional.empty(), SkipRule.byContent(FILE, object(100, "2026-12-02T09:00:00Z", OTHER), true, fileIs(MD5)),
                "a later object of another content is sent, unlike the time rule");
        assertEquals(List.of(0), reads);
    }

    @Test
    void byContent_objectOlderButSameMd5_skippedByContent() {
        Optional<SkipRule.Skip> skip = SkipRule.byContent(FILE, object(100, "2026-12-01T00:00:00Z", MD5), true, fileIs(MD5));
        assertTrue(skip.isPresent());
        assertEquals(false, skip.get().sizeOnly());
    }

    @Test
    void byContent_compositeEtag_fileReadInItsPartCount() {
        String composite = MD5 + "-3";
        assertTrue(SkipRule.byContent(FILE, object(100, null, composite), true, fileIs(composite)).isPresent());
        assertEquals(List.of(3), reads);
    }

    @Test
    void byContent_compositeOfAnotherPartSize_sizeOnlyAndSaidSo() {
        Optional<SkipRule.Skip> skip = SkipRule.byContent(FILE, object(100, null, MD5 + "-7"), true, fileIs(null));
        assertTrue(skip.get().sizeOnly());
    }

    @Test
    void byContent_etagNotAnMd5_sizeOnlyNothingRead() {
        Optional<SkipRule.Skip> skip = SkipRule.byContent(FILE, object(100, null, "kms-opaque-etag"), true, fileIs(MD5));
        assertTrue(skip.get().sizeOnly());
        assertTrue(reads.isEmpty());
    }

    @Test
    void byContent_remoteSourceComparableEtags_equalSkippedOtherSent() {
        SourceEntry remote = new SourceEntry("f.bin", 100, CHANGED, MD5, null);
        assertTrue(SkipRule.byContent(remote, object(100, null, MD5), false, fileIs(null)).isPresent());
        assertEquals(Optional.empty(), SkipRule.byContent(remote, object(100, "2030-01-01T00:00:00Z", OTHER), false, fileIs(null)));
        assertTrue(reads.isEmpty());
    }

    @Test
    void byContent_remoteSourceOfAnotherLayout_sizeOnly() {
        SourceEntry remote = new SourceEntry("f.bin", 100, CHANGED, MD5 + "-2", null);
        assertTrue(SkipRule.byContent(remote, object(100, null, OTHER + "-5"), false, fileIs(null)).get().sizeOnly());
        assertTrue(reads.isEmpty());
    }

    @Test
    void skip_sourceWithoutTimeAndNoComparableEtag_sentWhateverTheObjectsTime() {
        SourceEntry noTime = new SourceEntry("f.bin", 100, 0, null, null);
        assertEquals(Optional.empty(), SkipRule.skip(noTime, object(100, "2030-01-01T00:00:00Z", OTHER), false, fileIs(null)));
    }

    @Test
    void skip_sourceWithoutTimeButEqualEtag_skipped() {
        SourceEntry noTime = new SourceEntry("f.bin", 100, 0, MD5, null);
        assertTrue(SkipRule.skip(noTime, object(100, null, MD5), false, fileIs(null)).isPresent());
    }
}

package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartPlannerTest {
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;
    private static final long TIB = 1024 * GIB;

    @Test
    void layoutFor_emptyFile_singleRequestOfOnePart() {
        PartLayout layout = PartPlanner.layoutFor(0, 5);

        assertEquals(5 * MIB, layout.partSize());
        assertEquals(1, layout.partCount());
        assertTrue(layout.singleRequest());
        assertEquals(0, layout.length(1));
    }

    @Test
    void layoutFor_oneByte_singleRequest() {
        PartLayout layout = PartPlanner.layoutFor(1, 5);

        assertTrue(layout.singleRequest());
        assertEquals(1, layout.partCount());
        assertEquals(0, layout.offset(1));
        assertEquals(1, layout.length(1));
    }

    @Test
    void layoutFor_oneByteBelowFiveMiB_singleRequest() {
        PartLayout layout = PartPlanner.layoutFor(5 * MIB - 1, 5);

        assertTrue(layout.singleRequest());
        assertEquals(1, layout.partCount());
        assertEquals(5 * MIB - 1, layout.length(1));
    }

    @Test
    void layoutFor_exactlyFiveMiB_multipartWithOnePart() {
        PartLayout layout = PartPlanner.layoutFor(5 * MIB, 5);

        assertFalse(layout.singleRequest());
        assertEquals(1, layout.partCount());
        assertEquals(5 * MIB, layout.length(1));
    }

    @Test
    void layoutFor_fiveMiBPlusOne_twoPartsLastOfOneByte() {
        PartLayout layout = PartPlanner.layoutFor(5 * MIB + 1, 5);

        assertFalse(layout.singleRequest());
        assertEquals(2, layout.partCount());
        assertEquals(5 * MIB, layout.length(1));
        assertEquals(5 * MIB, layout.offset(2));
        assertEquals(1, layout.length(2));
    }

    @Test
    void layoutFor_fiftyThousandMiBWithChunk5_exactlyTenThousandPartsOfFiveMiB() {
        long size = 50_000 * MIB;

        PartLayout layout = PartPlanner.layoutFor(size, 5);

        assertEquals(5 * MIB, layout.partSize());
        assertEquals(10_000, layout.partCount());
        assertEquals(9_999 * 5 * MIB, layout.offset(10_000));
        assertEquals(5 * MIB, layout.length(10_000));
    }

    @Test
    void layoutFor_fiftyThousandMiBPlusOneByte_sixMiBParts() {
        long size = 50_000 * MIB + 1;

        PartLayout layout = PartPlanner.layoutFor(size, 5);

        assertEquals(6 * MIB, layout.partSize());
        assertEquals(8_334, layout.partCount());
        assertEquals(8_333 * 6 * MIB, layout.offset(8_334));
        assertEquals(2 * MIB + 1, layout.length(8_334));
    }

    @Test
    void layoutFor_oneTiB_smallestWholeMiBWithinTenThousandParts() {
        PartLayout layout = PartPlanner.layoutFor(TIB, 5);

        // 1 TiB / 10,000 = 104.86 MiB, so 105 MiB; 104 MiB would need 10,083 parts
        assertEquals(105 * MIB, layout.partSize());
        assertTrue((TIB + 104 * MIB - 1) / (104 * MIB) > 10_000);
        assertEquals(9_987, layout.partCount());
        assertEquals(46 * MIB, layout.length(9_987));
        assertEquals(TIB, layout.offset(9_987) + layout.length(9_987));
    }

    @Test
    void layoutFor_chunkSizeLargerThanNeeded_keepsChunkSize() {
        PartLayout layout = PartPlanner.layoutFor(100 * MIB, 8);

        assertEquals(8 * MIB, layout.partSize());
        assertEquals(13, layout.partCount());
        assertEquals(4 * MIB, layout.length(13));
    }

    @Test
    void layoutFor_oneTiBWithChunk200_keepsChunk200() {
        PartLayout layout = PartPlanner.layoutFor(TIB, 200);

        assertEquals(200 * MIB, layout.partSize());
        assertEquals(5_243, layout.partCount());
    }

    @Test
    void layoutFor_fileSmallerThanLargeChunk_singleRequest() {
        PartLayout layout = PartPlanner.layoutFor(100 * MIB, 5120);

        assertEquals(5 * GIB, layout.partSize());
        assertTrue(layout.singleRequest());
    }

    @Test
    void layoutFor_chunkBelowFive_raisedToFiveMiB() {
        assertEquals(5 * MIB, PartPlanner.layoutFor(100 * MIB, 1).partSize());
        assertEquals(5 * MIB, PartPlanner.layoutFor(100 * MIB, 0).partSize());
    }

    @Test
    void layoutFor_largestPossibleObject_tenThousandPartsOfFiveGiB() {
        long size = 10_000 * 5 * GIB;

        PartLayout layout = PartPlanner.layoutFor(size, 5);

        assertEquals(5 * GIB, layout.partSize());
        assertEquals(10_000, layout.partCount());
    }

    @Test
    void layoutFor_objectNeedingPartsOverFiveGiB_rejectedWithClearMessage() {
        long size = 10_000 * 5 * GIB + 1;

        TransferException.Rejected e = assertThrows(TransferException.Rejected.class, () -> PartPlanner.layoutFor(size, 5));

        assertTrue(e.getMessage().contains(Long.toString(size)), e.getMessage());
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertTrue(e.getMessage().contains("5121 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("5 GiB"), e.getMessage());
        assertTrue(e.getMessage().contains("10,000 parts"), e.getMessage());
    }

    @Test
    void layoutFor_offsetsAndLengths_coverObjectWithoutGaps() {
        long size = 23 * MIB + 12345;
        PartLayout layout = PartPlanner.layoutFor(size, 5);

        long next = 0;
        for (int n = 1; n <= layout.partCount(); n++) {
            assertEquals(next, layout.offset(n));
            assertTrue(layout.length(n) > 0);
            next += layout.length(n);
        }
        assertEquals(size, next);
        assertEquals(5, layout.partCount());
        assertEquals(3 * MIB + 12345, layout.length(5));
    }

    @Test
    void fits_partSizeWithinLimitsAndCount_true() {
        assertTrue(PartPlanner.fits(5 * MIB + 1, 5 * MIB));
        assertTrue(PartPlanner.fits(50_000 * MIB, 5 * MIB));
        assertTrue(PartPlanner.fits(0, 5 * MIB));
        assertTrue(PartPlanner.fits(10 * MIB, 5 * GIB));
    }

    @Test
    void fits_moreThanTenThousandParts_false() {
        assertFalse(PartPlanner.fits(50_000 * MIB + 1, 5 * MIB));
    }

    @Test
    void fits_partBelowFiveMiBOrAboveFiveGiB_false() {
        assertFalse(PartPlanner.fits(10 * MIB, 5 * MIB - 1));
        assertFalse(PartPlanner.fits(10 * MIB, 5 * GIB + 1));
    }

    @Test
    void fits_partSizeNotWholeMiB_trueWhenWithinLimits() {
        assertTrue(PartPlanner.fits(20 * MIB, 5 * MIB + 7));
    }

    @Test
    void partLayoutOf_zeroPartSize_illegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> PartLayout.of(10, 0));
    }

    @Test
    void partLayoutOf_partCountOverIntRange_illegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> PartLayout.of(Long.MAX_VALUE / 2, 1));
    }

    // ---- sources that hold each part in memory, within a budget ----

    @Test
    void layoutFor_sourceLayoutWithinAQuarterOfTheBudget_keptForEqualEtags() {
        PartLayout own = PartLayout.of(3 * GIB, 64 * MIB);

        assertEquals(own, PartPlanner.layoutFor(3 * GIB, 5, java.util.Optional.of(own), 256 * MIB));
    }

    @Test
    void layoutFor_sourceLayoutOfGiBParts_notKeptChunkSizeInstead() {
        PartLayout own = PartLayout.of(3 * GIB, GIB);

        PartLayout layout = PartPlanner.layoutFor(3 * GIB, 5, java.util.Optional.of(own), 256 * MIB);

        assertEquals(5 * MIB, layout.partSize(), "1 GiB parts cannot be held in a 256 MiB budget");
    }

    @Test
    void layoutFor_chunkSizeOverAQuarterOfTheBudget_heldToAQuarter() {
        assertEquals(64 * MIB, PartPlanner.layoutFor(3 * GIB, 1024, java.util.Optional.empty(), 256 * MIB).partSize());
    }

    @Test
    void layoutFor_filesReadFromDisk_noMemoryLimit() {
        PartLayout own = PartLayout.of(3 * GIB, GIB);

        assertEquals(own, PartPlanner.layoutFor(3 * GIB, 5, java.util.Optional.of(own), Long.MAX_VALUE));
        assertEquals(1024 * MIB, PartPlanner.layoutFor(3 * GIB, 1024, java.util.Optional.empty(), Long.MAX_VALUE).partSize());
    }

    @Test
    void layoutFor_objectNeedingPartsOverTheBudgetQuarter_largerPartsUpToTheWholeBudget() {
        long size = 10_000L * 100 * MIB; // needs 100 MiB parts
        assertEquals(100 * MIB, PartPlanner.layoutFor(size, 5, java.util.Optional.empty(), 256 * MIB).partSize());
    }

    @Test
    void layoutFor_objectNeedingPartsOverTheWholeBudget_rejectedNamingTheBudgetThatWould() {
        long size = 10_000L * 300 * MIB; // needs 300 MiB parts

        TransferException.Rejected e = assertThrows(TransferException.Rejected.class,
                () -> PartPlanner.layoutFor(size, 5, java.util.Optional.empty(), 256 * MIB));

        assertTrue(e.getMessage().contains("--memory-budget") && e.getMessage().contains("300M"), e.getMessage());
    }

    // the fixed part size of a cluster job: one layout on every worker, whatever its ChunkSize, budget or the source's parts

    @Test
    void layoutFor_fixedPartSizeThatFits_keptOverChunkSizeAndTheSourceLayout() {
        PartLayout own = PartLayout.of(100 * MIB, 16 * MIB);

        PartLayout layout = PartPlanner.layoutFor(100 * MIB, 5, java.util.Optional.of(own), 1024 * MIB, 24 * MIB);

        assertEquals(PartLayout.of(100 * MIB, 24 * MIB), layout);
    }

    @Test
    void layoutFor_fixedPartSizeOverAQuarterButWithinTheBudget_kept() {
        assertEquals(96 * MIB, PartPlanner.layoutFor(GIB, 8, java.util.Optional.empty(), 256 * MIB, 96 * MIB).partSize());
    }

    @Test
    void layoutFor_fixedPartSizeOverTheWholeBudget_rejectedNamingTheBudgetThatWould() {
        TransferException.Rejected e = assertThrows(TransferException.Rejected.class,
                () -> PartPlanner.layoutFor(GIB, 8, java.util.Optional.empty(), 64 * MIB, 128 * MIB));

        assertTrue(e.getMessage().contains("128M") && e.getMessage().contains("sender"), e.getMessage());
    }

    @Test
    void layoutFor_objectBelowTheFixedPartSize_oneRequestWhateverTheBudget() {
        assertTrue(PartPlanner.layoutFor(3 * MIB, 8, java.util.Optional.empty(), 16 * MIB, 128 * MIB).singleRequest());
    }

    @Test
    void layoutFor_objectGrownPastTenThousandFixedParts_followsTheRule() {
        long size = 10_001L * 5 * MIB;

        PartLayout layout = PartPlanner.layoutFor(size, 5, java.util.Optional.empty(), Long.MAX_VALUE, 5 * MIB);

        assertEquals(6 * MIB, layout.partSize());
    }

    @Test
    void layoutFor_noFixedPartSize_theRule() {
        assertEquals(PartPlanner.layoutFor(GIB, 8, java.util.Optional.empty(), 256 * MIB),
                PartPlanner.layoutFor(GIB, 8, java.util.Optional.empty(), 256 * MIB, 0));
    }
}

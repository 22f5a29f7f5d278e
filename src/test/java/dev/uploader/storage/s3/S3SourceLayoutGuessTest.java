package dev.uploader.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.SourceLayout;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a store ignores HeadObject partNumber (S3Proxy does), the part size is inferred from the ETag's count. */
class S3SourceLayoutGuessTest {
    static final long MIB = 1024 * 1024;

    @Test
    void guessLayout_countFitsTheUsualEightMib_choosesEightMibUncertain() {
        Optional<SourceLayout> guess = S3Source.guessLayout("k", 20 * MIB + 5, 3);

        assertEquals(8 * MIB, guess.orElseThrow().layout().partSize());
        assertTrue(!guess.get().certain());
    }

    @Test
    void guessLayout_countOnlyFitsFiveMib_choosesFiveMib() {
        assertEquals(5 * MIB, S3Source.guessLayout("k", 100 * MIB, 20).orElseThrow().layout().partSize());
    }

    @Test
    void guessLayout_noUsualSizeFits_choosesSmallestWholeMibGivingTheCount() {
        SourceLayout guess = S3Source.guessLayout("k", 7 * 1024 * MIB, 6).orElseThrow();

        assertEquals(6, guess.layout().partCount());
        assertEquals(0, guess.layout().partSize() % MIB);
    }

    @Test
    void guessLayout_onePart_noGuess() {
        assertTrue(S3Source.guessLayout("k", 10 * MIB, 1).isEmpty());
    }
}

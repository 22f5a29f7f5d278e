package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void normalizePrefix_extraSlashes_singleSlashesNoEnds() {
        assertEquals("a/b", ObjectKeys.normalizePrefix("/a//b/"));
        assertEquals("a/b/c", ObjectKeys.normalizePrefix("///a/b///c//"));
    }

    @Test
    void normalizePrefix_slashDotEmptyBlankOrNull_empty() {
        assertEquals("", ObjectKeys.normalizePrefix("/"));
        assertEquals("", ObjectKeys.normalizePrefix("."));
        assertEquals("", ObjectKeys.normalizePrefix(""));
        assertEquals("", ObjectKeys.normalizePrefix("   "));
        assertEquals("", ObjectKeys.normalizePrefix("./"));
        assertEquals("", ObjectKeys.normalizePrefix(null));
    }

    @Test
    void normalizePrefix_plainName_unchanged() {
        assertEquals("my-prefix", ObjectKeys.normalizePrefix("my-prefix"));
        assertEquals("backup/2024", ObjectKeys.normalizePrefix("backup/2024"));
    }

    @Test
    void normalizePrefix_dotSegmentsSpacesAndBackslashes_cleaned() {
        assertEquals("a/b", ObjectKeys.normalizePrefix("./a/./b/."));
        assertEquals("a/b", ObjectKeys.normalizePrefix("  a/b  "));
        assertEquals("a/b", ObjectKeys.normalizePrefix("\\a\\b\\"));
    }

    @Test
    void normalizePrefix_spacesInsideSegment_kept() {
        assertEquals("my folder/sub dir", ObjectKeys.normalizePrefix("/my folder/sub dir/"));
    }

    @Test
    void join_emptyPrefix_relativePathOnly() {
        assertEquals("x/y.txt", ObjectKeys.join("", "x/y.txt"));
        assertEquals("x/y.txt", ObjectKeys.join("", "/x/y.txt"));
    }

    @Test
    void join_prefix_oneSlashBetween() {
        assertEquals("p/x/y.txt", ObjectKeys.join("p", "x/y.txt"));
        assertEquals("a/b/x", ObjectKeys.join("a/b", "/x"));
    }

    @Test
    void listingPrefix_emptyPrefix_empty() {
        assertEquals("", ObjectKeys.listingPrefix(""));
    }

    @Test
    void listingPrefix_prefix_trailingSlashSoSiblingsAreExcluded() {
        assertEquals("a/b/", ObjectKeys.listingPrefix("a/b"));
        assertEquals("backup/", ObjectKeys.listingPrefix(ObjectKeys.normalizePrefix("/backup/")));
    }
}

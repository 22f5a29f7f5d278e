package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names --files-from gives, as keys: the decision table of {@link ListedSource#normalize}. */
class ListedSourceTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
        "a.txt, a.txt",
        "./a.txt, a.txt",
        "/a.txt, a.txt",
        "dir/./a.txt, dir/a.txt",
        "dir//a.txt, dir/a.txt",
        "././dir/a b.txt, dir/a b.txt",
        "../etc/passwd, NONE",
        "dir/../a.txt, NONE",
        "dir/, NONE",
        "., NONE",
        "'..a/b..', ..a/b..",
    })
    void normalize_listedName_keyShapedOrRefused(String given, String expected) {
        assertEquals(expected, ListedSource.normalize(given));
    }
}

package dev.uploader.engine.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.SourceEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision table of the filter: excludes win, includes narrow, sizes inclusive, times strict. */
class SourceFilterTest {
    private static final Instant T = Instant.parse("2026-11-25T00:00:00Z");

    private static SourceEntry file(String path) {
        return new SourceEntry(path, 10, T.toEpochMilli());
    }

    private static SourceFilter patterns(List<String> includes, List<String> excludes) {
        return new SourceFilter(includes, excludes, -1, -1, null, null);
    }

    @Test
    void accepts_all_movesEverything() {
        assertTrue(SourceFilter.ALL.accepts(file("a/b/c.tmp")));
        assertTrue(SourceFilter.ALL.accepts(new SourceEntry("empty", 0, 0)));
        assertTrue(SourceFilter.ALL.isAll());
        assertEquals("everything", SourceFilter.ALL.describe());
    }

    @Test
    void accepts_excludedAndIncluded_excludeWins() {
        SourceFilter filter = patterns(List.of("*.jpg"), List.of("**/tmp/**"));

        assertFalse(filter.accepts(file("photos/tmp/a.jpg")));
        assertTrue(filter.accepts(file("photos/a.jpg")));
    }

    @Test
    void accepts_noIncludesNotExcluded_moves() {
        SourceFilter filter = patterns(List.of(), List.of("*.tmp"));

        assertTrue(filter.accepts(file("a/b.txt")));
        assertFalse(filter.accepts(file("a/b.tmp")));
    }

    @Test
    void accepts_includesGivenAndNoneMatches_doesNotMove() {
        SourceFilter filter = patterns(List.of("*.jpg", "docs/**"), List.of());

        assertTrue(filter.accepts(file("x/a.jpg")));
        assertTrue(filter.accepts(file("docs/readme.md")));
        assertFalse(filter.accepts(file("x/a.png")));
    }

    @ParameterizedTest(name = "size {0} -> {1}")
    @CsvSource({"0, false", "99, false", "100, true", "150, true", "200, true", "201, false"})
    void accepts_sizeAtAndAroundTheBounds_inclusive(long size, boolean expected) {
        SourceFilter filter = new SourceFilter(null, null, 100, 200, null, null);

        assertEquals(expected, filter.accepts(new SourceEntry("f", size, 0)));
    }

    @ParameterizedTest(name = "min {0}, max {1}, size {2} -> {3}")
    @CsvSource({"-1, 0, 0, true", "-1, 0, 1, false", "5, -1, 4, false", "5, -1, " + Long.MAX_VALUE + ", true", "7, 7, 7, true"})
    void accepts_oneOrEqualSizeBounds_inclusive(long min, long max, long size, boolean expected) {
        assertEquals(expected, new SourceFilter(null, null, min, max, null, null).accepts(new SourceEntry("f", size, 0)));
    }

    @ParameterizedTest(name = "modified at T{0} ms -> newer than T: {1}, older than T: {2}")
    @CsvSource({"-1, false, true", "0, false, false", "1, true, false"})
    void accepts_modifiedAtAndAroundTheBound_strict(long offsetMillis, boolean newer, boolean older) {
        SourceEntry entry = new SourceEntry("f", 1, T.toEpochMilli() + offsetMillis);

        assertEquals(newer, new SourceFilter(null, null, -1, -1, T, null).accepts(entry));
        assertEquals(older, new SourceFilter(null, null, -1, -1, null, T).accepts(entry));
    }

    @Test
    void accepts_boundWithNanosInsideTheEntrysMillisecond_comparedExactly() {
        Instant bound = T.plusNanos(500_000);
        SourceEntry atT = new SourceEntry("f", 1, T.toEpochMilli());

        assertFalse(new SourceFilter(null, null, -1, -1, bound, null).accepts(atT));
        assertTrue(new SourceFilter(null, null, -1, -1, null, bound).accepts(atT));
    }

    @Test
    void accepts_window_onlyStrictlyBetween() {
        SourceFilter filter = new SourceFilter(null, null, -1, -1, T, T.plusSeconds(60));

        assertFalse(filter.accepts(new SourceEntry("f", 1, T.toEpochMilli())));
        assertTrue(filter.accepts(new SourceEntry("f", 1, T.toEpochMilli() + 30_000)));
        assertFalse(filter.accepts(new SourceEntry("f", 1, T.toEpochMilli() + 60_000)));
    }

    @Test
    void constructor_minAboveMax_throwsSayingSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SourceFilter(null, null, 2048, 1024, null, null));
        assertEquals("The minimum size 2 KiB is above the maximum size 1 KiB, so nothing would move; swap them or drop one", e.getMessage());
    }

    @Test
    void constructor_sizeBelowMinusOne_throws() {
        assertThrows(IllegalArgumentException.class, () -> new SourceFilter(null, null, -2, -1, null, null));
        assertThrows(IllegalArgumentException.class, () -> new SourceFilter(null, null, -1, -5, null, null));
    }

    @Test
    void constructor_emptyTimeWindow_throws() {
        assertThrows(IllegalArgumentException.class, () -> new SourceFilter(null, null, -1, -1, T, T));
        assertThrows(IllegalArgumentException.class, () -> new SourceFilter(null, null, -1, -1, T.plusSeconds(1), T));
    }

    @Test
    void constructor_badPattern_throwsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> patterns(List.of(), List.of("ok", "[bad")));
        assertTrue(e.getMessage().contains("'[bad'"), e.getMessage());
    }

    @ParameterizedTest(name = "exclude {0}: enter {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            node_modules/**     | node_modules           | false
            node_modules/**     | node_modules/x/y       | false
            node_modules/**     | a/node_modules         | true
            node_modules/       | a/node_modules         | false
            **/.git/**          | .git                   | false
            **/.git/**          | src/lib/.git           | false
            **/.git/**          | src/lib                | true
            *.tmp               | cache.tmp              | true
            logs/*              | logs                   | true
            /build/             | build                  | false
            /build/             | src/build              | true
            """)
    void mayEnter_excludeTable(String exclude, String folder, boolean expected) {
        assertEquals(expected, patterns(List.of(), List.of(exclude)).mayEnter(folder));
    }

    @Test
    void mayEnter_includesSizesAndTimes_neverSkip() {
        SourceFilter filter = new SourceFilter(List.of("*.jpg"), List.of(), 1, 2, T, T.plusSeconds(1));

        assertTrue(filter.mayEnter("node_modules"));
        assertTrue(filter.mayEnter(""));
    }

    private static final List<String> SEGMENTS = List.of("a", "b", "tmp", ".git", "node_modules", "logs", "x.jpg", "y.tmp", "a+b(1)", "фото");
    private static final List<String> POOL = List.of("*.jpg", "*.tmp", "tmp/", "/tmp/", "**/.git/**", "node_modules/**", "logs/**",
            "a/**", "a/**/b", "**/b/**", "**", "a**", "*", "?", "[ab]", "[!a]/**", "/a/b/", "a/*/", "**/x.jpg", "fo*/**", "b/");

    /** For random filters and paths: wherever an entry is accepted, every folder above it may be entered. */
    @Test
    void mayEnter_randomFiltersAndPaths_neverFalseAboveAnAcceptedEntry() {
        Random random = new Random(20261125);
        int skipped = 0;
        int accepted = 0;
        for (int round = 0; round < 400; round++) {
            SourceFilter filter = patterns(pick(random, 2), pick(random, 3));
            for (int p = 0; p < 200; p++) {
                List<String> segments = new ArrayList<>();
                int depth = 1 + random.nextInt(5);
                for (int d = 0; d < depth; d++) {
                    segments.add(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
                }
                String path = String.join("/", segments);
                boolean accepts = filter.accepts(file(path));
                accepted += accepts ? 1 : 0;
                for (int d = 0; d < depth; d++) {
                    String folder = String.join("/", segments.subList(0, d));
                    boolean mayEnter = filter.mayEnter(folder);
                    skipped += mayEnter ? 0 : 1;
                    if (accepts) {
                        assertTrue(mayEnter, () -> filter.describe() + ": '" + folder + "' refused above accepted '" + path + "'");
                    }
                }
            }
        }
        assertTrue(skipped > 1000 && accepted > 1000, "the check saw both outcomes: " + skipped + " skipped, " + accepted + " accepted");
    }

    private static List<String> pick(Random random, int max) {
        List<String> patterns = new ArrayList<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            patterns.add(POOL.get(random.nextInt(POOL.size())));
        }
        return patterns;
    }

    @Test
    void isAll_anyCondition_false() {
        assertTrue(new SourceFilter(List.of(), List.of(), -1, -1, null, null).isAll());
        assertTrue(new SourceFilter(null, null, 0, -1, null, null).isAll(), "at least 0 bytes is no condition");
        assertFalse(patterns(List.of("*"), List.of()).isAll());
        assertFalse(patterns(List.of(), List.of("*.tmp")).isAll());
        assertFalse(new SourceFilter(null, null, 1, -1, null, null).isAll());
        assertFalse(new SourceFilter(null, null, -1, 0, null, null).isAll());
        assertFalse(new SourceFilter(null, null, -1, -1, T, null).isAll());
        assertFalse(new SourceFilter(null, null, -1, -1, null, T).isAll());
    }

    @Test
    void describe_everyCondition_oneLine() {
        SourceFilter filter = new SourceFilter(List.of("*.jpg"), List.of("**/tmp/**"), 1024, 10L << 20, T, null);

        assertEquals("include *.jpg; exclude **/tmp/**; size 1 KiB..10 MiB; modified after 2026-11-25T00:00:00Z", filter.describe());
        assertEquals(filter.describe(), filter.toString());
    }

    @Test
    void describe_oneSidedBounds_saysWhichSide() {
        assertEquals("include *.jpg, *.png; size at least 1.5 GiB",
                new SourceFilter(List.of("*.jpg", "*.png"), null, 3L << 29, -1, null, null).describe());
        assertEquals("size at most 1000 B; modified before 2026-11-25T00:00:00Z",
                new SourceFilter(null, null, -1, 1000, null, T).describe());
        assertEquals("modified after 2026-11-25T00:00:00Z and before 2026-11-25T01:00:00Z",
                new SourceFilter(null, null, -1, -1, T, T.plusSeconds(3600)).describe());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1 KiB", "1536, 1.5 KiB", "1500, 1500 B", "10485760, 10 MiB",
            "1610612736, 1.5 GiB", "1099511627776, 1 TiB", "2252349569499136, 2048.5 TiB"})
    void formatSize_table(long bytes, String expected) {
        assertEquals(expected, SourceFilter.formatSize(bytes));
    }

    @Test
    void leavesOutName_patternsAlone_decisionTable() {
        SourceFilter excludeOnly = patterns(null, List.of("*.tmp"));
        SourceFilter withIncludes = patterns(List.of("*.jpg"), List.of("**/tmp/**"));
        SourceFilter sizesOnly = new SourceFilter(null, null, 100, 200, null, null);

        assertTrue(excludeOnly.leavesOutName("a/scratch.tmp"), "an exclude matches");
        assertFalse(excludeOnly.leavesOutName("a/photo.jpg"), "no include asked for");
        assertTrue(withIncludes.leavesOutName("a/notes.txt"), "includes given, none matches");
        assertFalse(withIncludes.leavesOutName("a/photo.jpg"), "included");
        assertTrue(withIncludes.leavesOutName("a/tmp/photo.jpg"), "the exclude wins");
        assertFalse(sizesOnly.leavesOutName("any.bin"), "sizes and times need the object: never by name");
        assertFalse(SourceFilter.ALL.leavesOutName("x"));
    }
}

package dev.uploader.engine.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.SourceEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ignore lists and rclone-style filter files: one pattern a line, '+ ' includes, '- ' or nothing excludes. */
class SourceFilterPatternFileTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("filters.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readPatternFile_mixedLines_sortedIntoIncludesAndExcludes() throws IOException {
        Path file = write("""
                # photos only, no caches
                *.tmp
                + *.jpg
                - **/cache/**

                   \t
                node_modules/   \t
                  leading.txt
                #not a pattern
                trailing\\ \s\s
                \\-no-space.txt
                \\+plus.txt
                  ; a comment too, as in rclone's filter files
                """);

        PatternFile patterns = SourceFilter.readPatternFile(file);

        assertEquals(List.of("*.jpg"), patterns.includes());
        assertEquals(List.of("*.tmp", "**/cache/**", "node_modules/", "  leading.txt", "trailing\\ ", "\\-no-space.txt", "\\+plus.txt"),
                patterns.excludes());
    }

    @Test
    void readPatternFile_signWithoutItsSpace_refusedSayingHowToWriteIt() throws IOException {
        Path file = write("-*.bin\n");

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SourceFilter.readPatternFile(file));

        assertTrue(e.getMessage().contains("'- *.bin'"), e.getMessage());
    }

    @Test
    void readPatternFile_byteOrderMarkAndCrLf_ignored() throws IOException {
        PatternFile patterns = SourceFilter.readPatternFile(write("\uFEFF+ *.jpg\r\n*.tmp\r\n"));

        assertEquals(List.of("*.jpg"), patterns.includes());
        assertEquals(List.of("*.tmp"), patterns.excludes());
    }

    @Test
    void readPatternFile_emptyFile_noPatterns() throws IOException {
        PatternFile patterns = SourceFilter.readPatternFile(write(""));

        assertTrue(patterns.includes().isEmpty() && patterns.excludes().isEmpty());
    }

    @Test
    void readPatternFile_intoAFilter_excludesWinWhateverTheOrder() throws IOException {
        PatternFile patterns = SourceFilter.readPatternFile(write("- **/tmp/**\n+ *.jpg\n"));
        SourceFilter filter = new SourceFilter(patterns.includes(), patterns.excludes(), -1, -1, null, null);

        assertTrue(filter.accepts(new SourceEntry("a/b.jpg", 1, 0)));
        assertFalse(filter.accepts(new SourceEntry("a/tmp/b.jpg", 1, 0)));
        assertFalse(filter.accepts(new SourceEntry("a/b.png", 1, 0)));
    }

    @Test
    void readPatternFile_missingFile_uncheckedNamingTheFile() {
        Path missing = dir.resolve("nope.filter");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SourceFilter.readPatternFile(missing));
        assertEquals("Cannot read the filter file " + missing + ": it does not exist", e.getMessage());
    }

    @Test
    void readPatternFile_notUtf8_uncheckedNamingTheFile() throws IOException {
        Path file = dir.resolve("latin1.filter");
        Files.write(file, new byte[] {'a', (byte) 0xE9, '\n'});

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SourceFilter.readPatternFile(file));
        assertTrue(e.getMessage().startsWith("Cannot read the filter file " + file), e.getMessage());
    }

    @Test
    void readPatternFile_badPattern_throwsNamingFileAndLine() throws IOException {
        Path file = write("*.tmp\n\n+ photos/[2026\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceFilter.readPatternFile(file));
        assertTrue(e.getMessage().startsWith(file + " line 3: The glob pattern 'photos/[2026' has an unclosed '['"), e.getMessage());
    }

    @Test
    void readPatternFile_signWithoutPattern_throws() throws IOException {
        Path file = write("+ \n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceFilter.readPatternFile(file));
        assertEquals(file + " line 1: '+' has no pattern after the sign", e.getMessage());
    }

    @Test
    void readPatternFile_gitignoreNegation_refusedWithTheAlternative() throws IOException {
        Path file = write("*.log\n!keep.log\n\\!bang.txt\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceFilter.readPatternFile(file));
        assertTrue(e.getMessage().startsWith(file + " line 2: '!keep.log': negation with '!' is not supported; write '+ keep.log'"),
                e.getMessage());
        assertEquals(List.of("\\!bang.txt"), SourceFilter.readPatternFile(write("\\!bang.txt\n")).excludes());
    }
}

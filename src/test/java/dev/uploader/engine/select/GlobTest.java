package dev.uploader.engine.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The decision table of the glob syntax: pattern, relative path, whether it matches. */
class GlobTest {

    @ParameterizedTest(name = "''{0}'' on ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # a star: any run without '/'; a pattern without '/' matches the name at any depth
            *.jpg               | a.jpg                  | true
            *.jpg               | a/b/c.jpg              | true
            *.jpg               | .jpg                   | true
            *.jpg               | a.jpg.bak              | false
            *.tmp               | a/b/c.tmp              | true
            a*.txt              | abc.txt                | true
            a*.txt              | a/b.txt                | false
            *.JPG               | a.jpg                  | false
            # a question mark: one character, not '/'
            ?.txt               | a.txt                  | true
            ?.txt               | ab.txt                 | false
            ?.txt               | .txt                   | false
            a?b                 | a/b                    | false
            # classes: never '/'; ']' first is a member; '-' last is a member
            file[0-9].log       | file7.log              | true
            file[0-9].log       | filex.log              | false
            [abc].txt           | b.txt                  | true
            [abc].txt           | d.txt                  | false
            [!a].txt            | b.txt                  | true
            [!a].txt            | a.txt                  | false
            [^a].txt            | a.txt                  | false
            []a].txt            | ].txt                  | true
            [a-].txt            | -.txt                  | true
            a[/]b               | a/b                    | false
            a[!x]b              | a/b                    | false
            # two stars at the start, middle and end
            **/*.jpg            | a.jpg                  | true
            **/*.jpg            | x/y/a.jpg              | true
            **/*.jpg            | x/y/a.png              | false
            **/.git/**          | .git/config            | true
            **/.git/**          | src/.git/objects/ab    | true
            **/.git/**          | src/.gitignore         | false
            a/**/b              | a/b                    | true
            a/**/b              | a/x/b                  | true
            a/**/b              | a/x/y/b                | true
            a/**/b              | a/xb                   | false
            a/**/b              | ab                     | false
            logs/**             | logs/a                 | true
            logs/**             | logs/a/b/c             | true
            logs/**             | logs                   | false
            logs/**             | logsx/a                | false
            logs/**             | x/logs/a               | false
            a**b                | a/x/b                  | true
            **                  | anything/at/all        | true
            # a '/' inside anchors the whole path; a leading '/' anchors at the root
            a/*.jpg             | a/b.jpg                | true
            a/*.jpg             | x/a/b.jpg              | false
            a/*.jpg             | a/x/b.jpg              | false
            /*.jpg              | a.jpg                  | true
            /*.jpg              | x/a.jpg                | false
            /a/b.txt            | a/b.txt                | true
            /a/b.txt            | x/a/b.txt              | false
            # a trailing '/': that folder and everything under it, at any depth unless anchored
            tmp/                | tmp/a                  | true
            tmp/                | x/tmp/y/b              | true
            tmp/                | tmp                    | false
            tmp/                | tmpx/a                 | false
            /tmp/               | tmp/a                  | true
            /tmp/               | x/tmp/a                | false
            build/out/          | build/out/x.o          | true
            build/out/          | a/build/out/x.o        | false
            # escapes
            \\*.txt             | *.txt                  | true
            \\*.txt             | a.txt                  | false
            \\?.txt             | ?.txt                  | true
            \\?.txt             | a.txt                  | false
            \\[a].txt           | [a].txt                | true
            \\[a].txt           | a.txt                  | false
            a\\\\b              | a\\b                   | true
            # regular-expression metacharacters are plain characters
            a+b(1).txt          | a+b(1).txt             | true
            a+b(1).txt          | aab1.txt               | false
            a+b(*).txt          | a+b(2).txt             | true
            x$y^z{1}.txt        | x$y^z{1}.txt           | true
            a.b                 | axb                    | false
            # unicode names; '?' is one character, also outside the BMP
            *.jpg               | Ünïcödé/фото.jpg       | true
            фото?.jpg           | альбом/фото1.jpg       | true
            café.txt            | dir/café.txt           | true
            ?.txt               | 日.txt                 | true
            ?.txt               | 😀.txt                 | true
            [😀🎉].txt          | 🎉.txt                 | true
            """)
    void matches_decisionTable(String pattern, String path, boolean expected) {
        assertEquals(expected, Glob.compile(pattern).matches(path));
    }

    @ParameterizedTest(name = "''{0}'' below ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            node_modules/**     | node_modules           | true
            node_modules/**     | node_modules/x         | true
            node_modules/**     | a/node_modules         | false
            **/.git/**          | .git                   | true
            **/.git/**          | a/b/.git               | true
            **/.git/**          | a/b/.github            | false
            tmp/                | a/tmp                  | true
            tmp/                | tmp/sub                | true
            /tmp/               | a/tmp                  | false
            **                  | a                      | true
            a**                 | ab                     | true
            *.tmp               | a.tmp                  | false
            logs/*.txt          | logs                   | false
            a/**/b              | a/x/b                  | false
            """)
    void matchesEverythingBelow_decisionTable(String pattern, String folder, boolean expected) {
        assertEquals(expected, Glob.compile(pattern).matchesEverythingBelow(folder));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[abc", "a[", "a[!]", "", "/", "a\\", "[z-a]", "a//b", "**//a"})
    void compile_badPattern_throwsNamingThePattern(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Glob.compile(pattern));
        assertTrue(pattern.isEmpty() || e.getMessage().contains("'" + pattern + "'"), e.getMessage());
    }

    @Test
    void compile_unclosedBracket_messageSaysWhereAndHowToEscape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Glob.compile("photos/[2026.jpg"));
        assertEquals("The glob pattern 'photos/[2026.jpg' has an unclosed '[' at position 8; write '\\[' for a literal bracket",
                e.getMessage());
    }
}

package dev.uploader.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IniSectionEditorTest {

    private static String edit(String text, String section, Map<String, String> put, List<String> remove) {
        IniSectionEditor editor = IniSectionEditor.parse(text);
        editor.update(section::equals, section, put, remove);
        return editor.text();
    }

    @Test
    void text_unchangedFile_sameText() {
        String text = "# c\r\n[a]\nk = v\n\n  \n[b] ; note\nx=1";

        assertEquals(text, IniSectionEditor.parse(text).text());
    }

    @Test
    void update_replacedKeyWithContinuationLines_dropsTheContinuations() {
        String text = "[a]\ns3 =\n  max_concurrent_requests = 10\n  # part of the value\nregion = x\n";

        assertEquals("[a]\ns3 = new\nregion = x\n", edit(text, "a", Map.of("s3", "new"), List.of()));
    }

    @Test
    void update_removedKey_dropsItsLineAndKeepsNeighbours() {
        String text = "[a]\nk = 1\nregion = x\n# keep\nm = 2\n";

        assertEquals("[a]\nk = 1\n# keep\nm = 2\n", edit(text, "a", Map.of(), List.of("REGION")));
    }

    @Test
    void update_keyIndentedUnderAnotherProperty_isNotTakenForTheTopLevelKey() {
        String text = "[a]\ns3 =\n  region = sub\n";

        assertEquals("[a]\ns3 =\n  region = sub\nregion = top\n", edit(text, "a", Map.of("region", "top"), List.of()));
    }

    @Test
    void update_sameKeyInSectionTwice_replacesBoth() {
        String text = "[a]\nk = 1\nk = 2\n[b]\nk = 3\n";

        assertEquals("[a]\nk = 9\nk = 9\n[b]\nk = 3\n", edit(text, "a", Map.of("k", "9"), List.of()));
    }

    @Test
    void update_sectionGivenTwice_updatesBothAndAddsMissingKeysToTheLast() {
        String text = "[a]\nk = 1\n[b]\n[a]\nm = 2\n";
        Map<String, String> put = new LinkedHashMap<>();
        put.put("k", "9");
        put.put("n", "new");

        assertEquals("[a]\nk = 9\n[b]\n[a]\nm = 2\nn = new\n", edit(text, "a", put, List.of()));
    }

    @Test
    void update_headerWithCommentAndSpaces_isMatched() {
        assertEquals("[ a ] # mine\nk = 2\n", edit("[ a ] # mine\nk = 1\n", "a", Map.of("k", "2"), List.of()));
    }

    @Test
    void update_emptyValueFollowedByComment_keepsTheComment() {
        assertEquals("[a]\nk = v # why\n", edit("[a]\nk = # why\n", "a", Map.of("k", "v"), List.of()));
    }

    @Test
    void update_valueWithHashButNoSpaceBefore_replacesItWhole() {
        assertEquals("[a]\nk = v\n", edit("[a]\nk = a#b\n", "a", Map.of("k", "v"), List.of()));
    }

    @Test
    void update_emptyText_writesTheSectionOnly() {
        String nl = System.lineSeparator();

        assertEquals("[a]" + nl + "k = v" + nl, edit("", "a", Map.of("k", "v"), List.of()));
    }

    @Test
    void update_byteOrderMarkBeforeFirstHeader_headerStillMatched() {
        String bom = "\u00EF\u00BB\u00BF";

        assertEquals(bom + "[a]\nk = 2\n", edit(bom + "[a]\nk = 1\n", "a", Map.of("k", "2"), List.of()));
    }

    @Test
    void value_keyGivenTwice_lastOneAsTheSdkReadsIt() {
        IniSectionEditor editor = IniSectionEditor.parse("[a]\nk = 1\nk = 2 ; old\n[b]\nk = 3\n");

        assertEquals(Optional.of("2"), editor.value("a"::equals, "K"));
        assertEquals(Optional.empty(), editor.value("c"::equals, "k"));
    }

    @Test
    void anySectionHasValue_keyOnlyBeforeFirstHeaderOrEmpty_false() {
        assertFalse(IniSectionEditor.parse("k = 1\n[a]\nk =\n").anySectionHasValue("k"));
        assertTrue(IniSectionEditor.parse("k = 1\n[a]\nk =\n[b]\nK = x\n").anySectionHasValue("k"));
    }

    @Test
    void sectionNames_malformedHeader_leftOut() {
        assertEquals(List.of("a", "profile b"), IniSectionEditor.parse("[a]\n[broken\n[profile b]#x\n").sectionNames());
    }
}

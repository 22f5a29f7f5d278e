package dev.uploader.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileEditorTest {
    /** The project's shipped config, the model of the original tool's file (Maven runs tests from the project folder). */
    private static final Path SHIPPED = Path.of("s3_upload_config.ini");

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("s3_upload_config.ini");
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** A copy of the shipped file as the original tool's users have it: without this project's BandwidthLimit key. */
    private Path shippedCopyWithoutBandwidthLimit() throws IOException {
        List<String> original = lines(SHIPPED);
        assertTrue(original.contains("BandwidthLimit = 0"), "the shipped file changed; adapt this test");
        List<String> without = new ArrayList<>(original);
        without.remove("BandwidthLimit = 0");
        Path file = dir.resolve("s3_upload_config.ini");
        Files.write(file, without, StandardCharsets.UTF_8);
        return file;
    }

    private static void replace(List<String> lines, String old, String replacement) {
        int i = lines.indexOf(old);
        assertTrue(i >= 0, "no line '" + old + "'");
        lines.set(i, replacement);
    }

    private static void insertAfter(List<String> lines, String anchor, String inserted) {
        int i = lines.indexOf(anchor);
        assertTrue(i >= 0, "no line '" + anchor + "'");
        lines.add(i + 1, inserted);
    }

    // ---- the shipped file, round trip ----

    @Test
    void setAndSave_shippedFileWithChangesNewKeyAndNewSection_readerSeesNewValuesAndOnlyChangedLinesDiffer() throws IOException {
        Path file = shippedCopyWithoutBandwidthLimit();
        List<String> before = lines(file);

        IniFileEditor.open(file)
                .set("Advanced", "ChunkSize", "16")
                .set("LOCAL_TO_S3", "SrcDir", "C:\\data\\photos\\")
                .set("Advanced", "StorageClass", "STANDARD_IA")
                .set("Advanced", "BandwidthLimit", "20M")
                .set("Gui", "LastTab", "Advanced")
                .save();

        IniValues values = IniValues.read(file);
        assertEquals(Optional.of("16"), values.get("Advanced", "ChunkSize"));
        assertEquals(Optional.of("C:\\data\\photos\\"), values.get("LOCAL_TO_S3", "SrcDir"));
        assertEquals(Optional.of("STANDARD_IA"), values.get("Advanced", "StorageClass"));
        assertEquals(Optional.of("20M"), values.get("Advanced", "BandwidthLimit"));
        assertEquals(Optional.of("Advanced"), values.get("Gui", "LastTab"));
        // untouched values still read the same
        assertEquals(Optional.of("LOCAL_TO_S3"), values.get("Basic", "JobType"));
        assertEquals(Optional.of("my-bucket"), values.get("Basic", "DesBucket"));
        assertEquals(Optional.of("20"), values.get("Advanced", "MaxRetry"));
        assertEquals(Optional.of("False"), values.get("Advanced", "IgnoreSmallFile"));
        assertEquals(Optional.of("xxxx"), values.get("ALIOSS_TO_S3", "ali_access_key_secret"));
        assertEquals(Optional.empty(), values.get("Basic", "DesRegion"));

        List<String> expected = new ArrayList<>(before);
        replace(expected, "ChunkSize = 5", "ChunkSize = 16");
        replace(expected, "SrcDir = /home/ec2-user/mydir", "SrcDir = C:\\data\\photos\\");
        replace(expected, "StorageClass = STANDARD", "StorageClass = STANDARD_IA");
        insertAfter(expected, "S3Client = auto", "BandwidthLimit = 20M");
        expected.add("");
        expected.add("[Gui]");
        expected.add("LastTab = Advanced");
        assertEquals(expected, lines(file));
    }

    @Test
    void setAndSave_localToS3SrcDirOfShippedFile_configLoaderStillLoadsTheJob() throws IOException {
        Path file = dir.resolve("s3_upload_config.ini");
        Files.copy(SHIPPED, file);
        Path source = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(source.resolve("a.jpg"), "jpeg");

        IniFileEditor.open(file).set("LOCAL_TO_S3", "SrcDir", source.toString()).set("Basic", "DesBucket", "gui-bucket").save();

        JobConfig job = new ConfigLoader(IniValues.read(file), Map.of()).load();
        assertEquals(JobType.LOCAL_TO_S3, job.jobType());
        assertEquals(source.toAbsolutePath().normalize(), job.srcDir());
        assertEquals("gui-bucket", job.desBucket());
        assertEquals(5, job.chunkSizeMiB());
        assertEquals("my-prefix", job.s3Prefix());
    }

    @Test
    void set_keyOnlyCommentedOutInSection_newLineAfterLastKeyAndCommentKept() throws IOException {
        Path file = dir.resolve("s3_upload_config.ini");
        Files.copy(SHIPPED, file);
        List<String> before = lines(file);

        IniFileEditor.open(file).set("Basic", "DesRegion", "eu-west-1").save();

        List<String> expected = new ArrayList<>(before);
        insertAfter(expected, "DesEndPointURL = AWS", "DesRegion = eu-west-1");
        assertEquals(expected, lines(file));
        assertTrue(lines(file).contains("# DesRegion = eu-west-1"));
        assertEquals(Optional.of("eu-west-1"), IniValues.read(file).get("Basic", "DesRegion"));
    }

    @Test
    void save_twiceWithoutChanges_identicalBytes() throws IOException {
        Path file = dir.resolve("s3_upload_config.ini");
        Files.copy(SHIPPED, file);
        byte[] original = Files.readAllBytes(file);

        IniFileEditor.open(file).save();
        byte[] first = Files.readAllBytes(file);
        IniFileEditor.open(file).save();

        assertArrayEquals(original, first);
        assertArrayEquals(original, Files.readAllBytes(file));
    }

    @Test
    void set_sameValuesAsInFile_fileUnchangedByteForByte() throws IOException {
        Path file = write("[Basic]\nDesBucket   =   my-bucket   \n[Advanced]\nChunkSize=5\n");
        byte[] original = Files.readAllBytes(file);

        IniFileEditor.open(file).set("Basic", "DesBucket", "my-bucket").set("Advanced", "ChunkSize", "5").save();

        assertArrayEquals(original, Files.readAllBytes(file));
    }

    // ---- matching and formatting ----

    @Test
    void set_keyAndSectionInOtherCase_replacedKeepingFileSpelling() throws IOException {
        Path file = write("[advanced]\nchunksize = 5\nMaxRetry = 20\n");

        IniFileEditor.open(file).set("Advanced", "ChunkSize", "8").save();

        assertEquals("[advanced]\nchunksize = 8\nMaxRetry = 20\n", read(file));
        assertEquals(Optional.of("8"), IniValues.read(file).get("Advanced", "ChunkSize"));
    }

    @Test
    void set_colonSeparator_colonAndSpacingKept() throws IOException {
        Path file = write("[Basic]\nDesBucket: old-bucket\n  S3Prefix\t:  old\n");

        IniFileEditor.open(file).set("Basic", "DesBucket", "new-bucket").set("Basic", "S3Prefix", "a=b:c").save();

        assertEquals("[Basic]\nDesBucket: new-bucket\n  S3Prefix\t:  a=b:c\n", read(file));
        IniValues values = IniValues.read(file);
        assertEquals(Optional.of("new-bucket"), values.get("Basic", "DesBucket"));
        assertEquals(Optional.of("a=b:c"), values.get("Basic", "S3Prefix"));
    }

    @Test
    void set_valueWithHashAndSemicolon_wholeRestOfLineReplaced() throws IOException {
        Path file = write("[Basic]\nS3Prefix = old # not a comment ; really\nDesBucket = b\n");

        IniFileEditor.open(file).set("Basic", "S3Prefix", "new # kept").save();

        assertEquals("[Basic]\nS3Prefix = new # kept\nDesBucket = b\n", read(file));
        assertEquals(Optional.of("new # kept"), IniValues.read(file).get("Basic", "S3Prefix"));
    }

    @Test
    void set_emptyValueThenValue_noTrailingSpaceAndSpaceRestored() throws IOException {
        Path file = write("[Basic]\nDesRegion = us-east-1\nDesEndPointURL =\n");

        IniFileEditor editor = IniFileEditor.open(file).set("Basic", "DesRegion", "").set("Basic", "DesEndPointURL", "http://127.0.0.1:9000");

        assertEquals("[Basic]\nDesRegion =\nDesEndPointURL = http://127.0.0.1:9000\n", editor.text());
    }

    @Test
    void set_keyInAnotherSectionToo_onlyTheGivenSectionChanged() throws IOException {
        Path file = write("[S3_TO_S3]\nSrcProfileName = src\n[Basic]\nDesBucket = b\n[Other]\nSrcProfileName = other\n");

        IniFileEditor.open(file).set("S3_TO_S3", "SrcProfileName", "changed").set("Basic", "SrcProfileName", "new").save();

        assertEquals("[S3_TO_S3]\nSrcProfileName = changed\n[Basic]\nDesBucket = b\nSrcProfileName = new\n"
                + "[Other]\nSrcProfileName = other\n", read(file));
    }

    @Test
    void set_unknownKeysAndSections_keptInPlace() throws IOException {
        String text = "; made by hand\n[Basic]\nDesBucket = b\nMyNote = keep me\n\n[MyTool]\n# its own settings\nColour = blue\n"
                + "[Advanced]\nChunkSize = 5\nFutureKey: x\n";
        Path file = write(text);

        IniFileEditor.open(file).set("Basic", "DesBucket", "b2").set("Advanced", "ChunkSize", "6").save();

        assertEquals(text.replace("DesBucket = b\n", "DesBucket = b2\n").replace("ChunkSize = 5", "ChunkSize = 6"), read(file));
        IniValues values = IniValues.read(file);
        assertEquals(Optional.of("keep me"), values.get("Basic", "MyNote"));
        assertEquals(Optional.of("blue"), values.get("MyTool", "Colour"));
        assertEquals(Optional.of("x"), values.get("Advanced", "FutureKey"));
    }

    @Test
    void set_absentKey_insertedAfterLastKeyBeforeTrailingBlankAndCommentLines() throws IOException {
        Path file = write("[Basic]\n# bucket\nDesBucket = b\n\n# about Advanced\n[Advanced]\nChunkSize = 5\n");

        String text = IniFileEditor.open(file).set("Basic", "S3Prefix", "p").text();

        assertEquals("[Basic]\n# bucket\nDesBucket = b\nS3Prefix = p\n\n# about Advanced\n[Advanced]\nChunkSize = 5\n", text);
    }

    @Test
    void set_absentKeyInSectionWithoutKeys_insertedAfterHeader() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\n\n[LOCAL_TO_S3]\n# Local folder\n");

        String text = IniFileEditor.open(file).set("LOCAL_TO_S3", "SrcDir", "/data").text();

        assertEquals("[Basic]\nDesBucket = b\n\n[LOCAL_TO_S3]\nSrcDir = /data\n# Local folder\n", text);
    }

    @Test
    void set_absentSection_appendedAfterBlankLine() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\n");

        String text = IniFileEditor.open(file).set("Advanced", "ChunkSize", "8").set("Advanced", "MaxRetry", "3").text();

        assertEquals("[Basic]\nDesBucket = b\n\n[Advanced]\nChunkSize = 8\nMaxRetry = 3\n", text);
    }

    @Test
    void set_absentSectionInFileWithoutFinalNewline_lineEndedBeforeAppending() throws IOException {
        Path file = write("[Basic]\nDesBucket = b");

        IniFileEditor.open(file).set("Advanced", "ChunkSize", "8").set("Basic", "S3Prefix", "p").save();

        assertEquals("[Basic]\nDesBucket = b\nS3Prefix = p\n\n[Advanced]\nChunkSize = 8\n", read(file));
    }

    @Test
    void set_keyRepeatedInRepeatedSection_everyOccurrenceSetSoTheReaderSeesIt() throws IOException {
        Path file = write("[Advanced]\nChunkSize = 5\n[Basic]\nDesBucket = b\n[advanced]\nCHUNKSIZE = 6\n");

        IniFileEditor.open(file).set("Advanced", "ChunkSize", "9").save();

        assertEquals("[Advanced]\nChunkSize = 9\n[Basic]\nDesBucket = b\n[advanced]\nCHUNKSIZE = 9\n", read(file));
        assertEquals(Optional.of("9"), IniValues.read(file).get("Advanced", "ChunkSize"));
    }

    @Test
    void set_keyWithoutSeparator_becomesKeyEqualsValue() throws IOException {
        Path file = write("[Basic]\nDesRegion\nDesBucket = b\n");

        String text = IniFileEditor.open(file).set("Basic", "DesRegion", "eu-west-1").text();

        assertEquals("[Basic]\nDesRegion = eu-west-1\nDesBucket = b\n", text);
    }

    @Test
    void set_windowsPathsWithBackslashes_writtenAsIs() throws IOException {
        Path file = write("[LOCAL_TO_S3]\nSrcDir = /old\n");

        IniFileEditor.open(file).set("LOCAL_TO_S3", "SrcDir", "\\\\server\\share\\new folder\\").set("LOCAL_TO_S3", "Other", "D:\\t\\n").save();

        assertEquals("[LOCAL_TO_S3]\nSrcDir = \\\\server\\share\\new folder\\\nOther = D:\\t\\n\n", read(file));
        IniValues values = IniValues.read(file);
        assertEquals(Optional.of("\\\\server\\share\\new folder\\"), values.get("LOCAL_TO_S3", "SrcDir"));
        assertEquals(Optional.of("D:\\t\\n"), values.get("LOCAL_TO_S3", "Other"));
    }

    @Test
    void set_nonAsciiValue_writtenAsUtf8() throws IOException {
        Path file = write("[Basic]\nS3Prefix = old\n");

        IniFileEditor.open(file).set("Basic", "S3Prefix", "caf\u00e9/\u65e5\u672c").save();

        assertEquals(Optional.of("caf\u00e9/\u65e5\u672c"), IniValues.read(file).get("Basic", "S3Prefix"));
    }

    // ---- encoding and line endings ----

    @Test
    void save_crlfFile_staysCrlfIncludingNewLines() throws IOException {
        Path file = write("# c\r\n[Basic]\r\nDesBucket = b\r\n\r\n[Advanced]\r\nChunkSize = 5\r\n");

        IniFileEditor.open(file).set("Advanced", "ChunkSize", "7").set("Basic", "S3Prefix", "p").set("New", "K", "v").save();

        assertEquals("# c\r\n[Basic]\r\nDesBucket = b\r\nS3Prefix = p\r\n\r\n[Advanced]\r\nChunkSize = 7\r\n\r\n[New]\r\nK = v\r\n",
                read(file));
        assertEquals(Optional.of("7"), IniValues.read(file).get("Advanced", "ChunkSize"));
    }

    @Test
    void save_mixedLineEndings_eachOldLineKeepsItsOwnEnding() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\r\nS3Prefix = p\rDesRegion = r");

        IniFileEditor.open(file).set("Basic", "S3Prefix", "q").save();

        assertEquals("[Basic]\nDesBucket = b\r\nS3Prefix = q\rDesRegion = r", read(file));
    }

    @Test
    void save_fileWithByteOrderMark_markKept() throws IOException {
        Path file = write("\uFEFF[Basic]\nDesBucket = b\n");

        IniFileEditor editor = IniFileEditor.open(file).set("Basic", "DesBucket", "b2");
        editor.save();

        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));
        assertEquals("\uFEFF[Basic]\nDesBucket = b2\n", new String(bytes, StandardCharsets.UTF_8));
        assertEquals(editor.text(), new String(bytes, StandardCharsets.UTF_8));
        assertEquals(Optional.of("b2"), IniValues.read(file).get("Basic", "DesBucket"));
    }

    @Test
    void save_fileWithoutByteOrderMark_noneAdded() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\n");

        IniFileEditor.open(file).set("Basic", "DesBucket", "b2").save();

        assertEquals('[', Files.readAllBytes(file)[0]);
    }

    @Test
    void open_notUtf8_refusedAndFileNotRewritten() throws IOException {
        Path file = dir.resolve("latin1.ini");
        byte[] latin1 = "[Basic]\nS3Prefix = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);

        assertThrows(MalformedInputException.class, () -> IniFileEditor.open(file));

        assertArrayEquals(latin1, Files.readAllBytes(file));
    }

    // ---- files ----

    @Test
    void save_missingFile_createdWithSectionAndKey() throws IOException {
        Path file = dir.resolve("new.ini");

        IniFileEditor editor = IniFileEditor.open(file);
        assertEquals("", editor.text());
        editor.set("Basic", "DesBucket", "b").set("Basic", "JobType", "LOCAL_TO_S3").save();

        String nl = System.lineSeparator();
        assertEquals("[Basic]" + nl + "DesBucket = b" + nl + "JobType = LOCAL_TO_S3" + nl, read(file));
        assertEquals(Optional.of("b"), IniValues.read(file).get("Basic", "DesBucket"));
    }

    @Test
    void save_missingFolder_created() throws IOException {
        Path file = dir.resolve("config").resolve("uploader").resolve("s3_upload_config.ini");

        IniFileEditor.open(file).set("Basic", "DesBucket", "b").save();

        assertEquals(Optional.of("b"), IniValues.read(file).get("Basic", "DesBucket"));
    }

    @Test
    void save_existingFile_noTemporaryFileLeftBehind() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\n");

        IniFileEditor.open(file).set("Basic", "DesBucket", "b2").save();

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.getFileName()), files.map(Path::getFileName).toList());
        }
    }

    @Test
    void save_posixFile_permissionsKept() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\n");
        Assumptions.assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(file, perms);

        IniFileEditor.open(file).set("Basic", "DesBucket", "b2").save();

        assertEquals(perms, Files.getPosixFilePermissions(file));
    }

    @Test
    void save_symbolicLink_targetReplacedLinkKept() throws IOException {
        Path target = write("[Basic]\nDesBucket = b\n");
        Path link = dir.resolve("link.ini");
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("no symbolic links here: " + e);
        }

        IniFileEditor.open(link).set("Basic", "DesBucket", "b2").save();

        assertTrue(Files.isSymbolicLink(link));
        assertEquals("[Basic]\nDesBucket = b2\n", read(target));
    }

    @Test
    void saveAs_otherFile_writtenThereOriginalUntouchedAndLaterSavesGoThere() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\n");
        Path other = dir.resolve("copy.ini");

        IniFileEditor editor = IniFileEditor.open(file).set("Basic", "DesBucket", "b2");
        editor.saveAs(other);
        editor.set("Basic", "DesBucket", "b3").save();

        assertEquals("[Basic]\nDesBucket = b\n", read(file));
        assertEquals("[Basic]\nDesBucket = b3\n", read(other));
        assertEquals(other, editor.file());
    }

    @Test
    void text_beforeSave_fileOnDiskUnchanged() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\n");

        IniFileEditor editor = IniFileEditor.open(file).set("Basic", "DesBucket", "b2");

        assertEquals("[Basic]\nDesBucket = b2\n", editor.text());
        assertEquals("[Basic]\nDesBucket = b\n", read(file));
    }

    // ---- refused input ----

    @Test
    void set_valueWithNewline_refusedAndTextUnchanged() throws IOException {
        Path file = write("[Basic]\nDesBucket = b\n");
        IniFileEditor editor = IniFileEditor.open(file);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> editor.set("Basic", "DesBucket", "b2\nJobType = S3_TO_S3"));
        assertThrows(IllegalArgumentException.class, () -> editor.set("Basic", "DesBucket", "b2\r"));
        assertThrows(IllegalArgumentException.class, () -> editor.set("Basic", "NewKey", "a\r\nb"));

        assertTrue(e.getMessage().contains("DesBucket"), e.getMessage());
        assertEquals("[Basic]\nDesBucket = b\n", editor.text());
    }

    @Test
    void set_unwritableSectionOrKeyNames_refused() throws IOException {
        IniFileEditor editor = IniFileEditor.open(dir.resolve("x.ini"));

        for (String[] bad : new String[][] {{"", "k"}, {"a]b", "k"}, {"Basic\n", "k"}, {" Basic", "k"},
                {"Basic", ""}, {"Basic", "a=b"}, {"Basic", "a:b"}, {"Basic", "#k"}, {"Basic", ";k"}, {"Basic", "[k"},
                {"Basic", "k\nx"}, {"Basic", "k "}}) {
            assertThrows(IllegalArgumentException.class, () -> editor.set(bad[0], bad[1], "v"), bad[0] + "/" + bad[1]);
        }
        assertEquals("", editor.text());
        assertFalse(Files.exists(dir.resolve("x.ini")));
    }

    @Test
    void set_returnsSameEditor() throws IOException {
        IniFileEditor editor = IniFileEditor.open(dir.resolve("x.ini"));

        assertSame(editor, editor.set("Basic", "DesBucket", "b"));
    }
}

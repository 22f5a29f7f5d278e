package dev.uploader.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniValuesTest {
    /** The project's shipped config, the model of the original tool's file (Maven runs tests from the project folder). */
    private static final Path SHIPPED = Path.of("s3_upload_config.ini");

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("s3_upload_config.ini");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void read_shippedConfigFile_returnsEveryKeyOfEverySection() {
        IniValues values = IniValues.read(SHIPPED);

        assertEquals(SHIPPED, values.file());
        assertEquals(Optional.of("LOCAL_TO_S3"), values.get("Basic", "JobType"));
        assertEquals(Optional.of("*"), values.get("Basic", "SrcFileIndex"));
        assertEquals(Optional.of("my-prefix"), values.get("Basic", "S3Prefix"));
        assertEquals(Optional.of("default"), values.get("Basic", "DesProfileName"));
        assertEquals(Optional.of("my-bucket"), values.get("Basic", "DesBucket"));
        assertEquals(Optional.of("AWS"), values.get("Basic", "DesEndPointURL"));
        assertEquals(Optional.of("/home/ec2-user/mydir"), values.get("LOCAL_TO_S3", "SrcDir"));
        assertEquals(Optional.of("my-src-bucket"), values.get("S3_TO_S3", "SrcBucket"));
        assertEquals(Optional.of("oss-cn-beijing.aliyuncs.com"), values.get("ALIOSS_TO_S3", "ali_endpoint"));
        assertEquals(Optional.of("5"), values.get("Advanced", "ChunkSize"));
        assertEquals(Optional.of("20"), values.get("Advanced", "MaxRetry"));
        assertEquals(Optional.of("5"), values.get("Advanced", "MaxThread"));
        assertEquals(Optional.of("5"), values.get("Advanced", "MaxParallelFile"));
        assertEquals(Optional.of("STANDARD"), values.get("Advanced", "StorageClass"));
        assertEquals(Optional.of("False"), values.get("Advanced", "ifVerifyMD5"));
        assertEquals(Optional.of("False"), values.get("Advanced", "DontAskMeToClean"));
        assertEquals(Optional.of("INFO"), values.get("Advanced", "LoggingLevel"));
        assertEquals(Optional.of("False"), values.get("Advanced", "IgnoreSmallFile"));
        assertEquals(Optional.of("0"), values.get("Advanced", "BandwidthLimit"));
    }

    @Test
    void read_shippedConfigFile_commentedOutKeysAreAbsent() {
        IniValues values = IniValues.read(SHIPPED);

        assertEquals(Optional.empty(), values.get("Basic", "DesRegion"));
        assertEquals(Optional.empty(), values.get("Basic", "DesPathStyle"));
    }

    @Test
    void get_sectionAndKeyInAnyCase_findsValue() throws IOException {
        IniValues values = IniValues.read(write("[BASIC]\nDesEndpointURL = http://127.0.0.1:9000\njobtype = LOCAL_TO_S3\n"
                + "[advanced]\nCHUNKSIZE = 8\n"));

        assertEquals(Optional.of("http://127.0.0.1:9000"), values.get("Basic", "DesEndPointURL"));
        assertEquals(Optional.of("http://127.0.0.1:9000"), values.get("basic", "desendpointurl"));
        assertEquals(Optional.of("LOCAL_TO_S3"), values.get("Basic", "JobType"));
        assertEquals(Optional.of("8"), values.get("Advanced", "ChunkSize"));
    }

    @Test
    void read_colonSeparator_splitsAtFirstSeparatorOnly() throws IOException {
        IniValues values = IniValues.read(write("[Basic]\nDesBucket: my-bucket\nDesEndPointURL: http://127.0.0.1:9000\n"
                + "S3Prefix=a=b\n"));

        assertEquals(Optional.of("my-bucket"), values.get("Basic", "DesBucket"));
        assertEquals(Optional.of("http://127.0.0.1:9000"), values.get("Basic", "DesEndPointURL"));
        assertEquals(Optional.of("a=b"), values.get("Basic", "S3Prefix"));
    }

    @Test
    void read_utf8ByteOrderMark_firstSectionStillFound() throws IOException {
        Path file = dir.resolve("bom.ini");
        Files.write(file, ("\uFEFF[Basic]\nDesBucket = my-bucket\n").getBytes(StandardCharsets.UTF_8));

        IniValues values = IniValues.read(file);

        assertEquals(Optional.of("my-bucket"), values.get("Basic", "DesBucket"));
    }

    @Test
    void read_windowsLineEndings_valuesHaveNoCarriageReturn() throws IOException {
        IniValues values = IniValues.read(write("[Basic]\r\nDesBucket = my-bucket\r\n[Advanced]\r\nChunkSize = 6\r\n"));

        assertEquals(Optional.of("my-bucket"), values.get("Basic", "DesBucket"));
        assertEquals(Optional.of("6"), values.get("Advanced", "ChunkSize"));
    }

    @Test
    void read_windowsBackslashPaths_keptExactly() throws IOException {
        IniValues values = IniValues.read(write("[LOCAL_TO_S3]\nSrcDir = C:\\Users\\me\\new folder\\data\n"
                + "UncDir = \\\\server\\share\\dir\nTabLike = D:\\temp\\n\\t\n"));

        assertEquals(Optional.of("C:\\Users\\me\\new folder\\data"), values.get("LOCAL_TO_S3", "SrcDir"));
        assertEquals(Optional.of("\\\\server\\share\\dir"), values.get("LOCAL_TO_S3", "UncDir"));
        assertEquals(Optional.of("D:\\temp\\n\\t"), values.get("LOCAL_TO_S3", "TabLike"));
    }

    @Test
    void read_windowsPathWithTrailingBackslash_keptAndNextLinesUnaffected() throws IOException {
        IniValues values = IniValues.read(write("[LOCAL_TO_S3]\nSrcDir = D:\\upload\\\n\n[Advanced]\nChunkSize = 7\n"));

        assertEquals(Optional.of("D:\\upload\\"), values.get("LOCAL_TO_S3", "SrcDir"));
        assertEquals(Optional.of("7"), values.get("Advanced", "ChunkSize"));
    }

    @Test
    void read_trailingBackslashBeforeAnotherKey_bothKeysRead() throws IOException {
        IniValues values = IniValues.read(write("[Basic]\nSrcDir = D:\\upload\\\nSrcFileIndex = a.bin\n"));

        assertEquals(Optional.of("D:\\upload\\"), values.get("Basic", "SrcDir"));
        assertEquals(Optional.of("a.bin"), values.get("Basic", "SrcFileIndex"));
    }

    @Test
    void read_fullLineHashAndSemicolonComments_ignored() throws IOException {
        IniValues values = IniValues.read(write("# top comment\n; another\n[Basic]\n# DesBucket = commented\n"
                + "; DesRegion = eu-west-1\n    # indented comment\nDesBucket = real-bucket\n"));

        assertEquals(Optional.of("real-bucket"), values.get("Basic", "DesBucket"));
        assertEquals(Optional.empty(), values.get("Basic", "DesRegion"));
    }

    @Test
    void read_hashOrSemicolonInsideValue_keptLikeConfigparser() throws IOException {
        IniValues values = IniValues.read(write("[Basic]\nS3Prefix = a # b\nDesProfileName = x ; y\n"));

        assertEquals(Optional.of("a # b"), values.get("Basic", "S3Prefix"));
        assertEquals(Optional.of("x ; y"), values.get("Basic", "DesProfileName"));
    }

    @Test
    void read_emptyValue_givesEmptyString() throws IOException {
        IniValues values = IniValues.read(write("[Basic]\nDesEndPointURL =\nDesRegion = \n"));

        assertEquals(Optional.of(""), values.get("Basic", "DesEndPointURL"));
        assertEquals(Optional.of(""), values.get("Basic", "DesRegion"));
    }

    @Test
    void get_missingSectionOrKey_empty() throws IOException {
        IniValues values = IniValues.read(write("[Basic]\nDesBucket = b\n"));

        assertEquals(Optional.empty(), values.get("Advanced", "ChunkSize"));
        assertEquals(Optional.empty(), values.get("Basic", "ChunkSize"));
    }

    @Test
    void read_missingFile_refusedNamingPath() {
        Path missing = dir.resolve("nope.ini");

        ConfigException e = assertThrows(ConfigException.class, () -> IniValues.read(missing));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void read_notUtf8_refusedNamingPathAndAskingForUtf8() throws IOException {
        Path file = dir.resolve("latin1.ini");
        Files.write(file, "[Basic]\nS3Prefix = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        ConfigException e = assertThrows(ConfigException.class, () -> IniValues.read(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void read_utf8NonAsciiValue_kept() throws IOException {
        IniValues values = IniValues.read(write("[Basic]\nS3Prefix = caf\u00e9/\u65e5\u672c\n"));

        assertEquals(Optional.of("caf\u00e9/\u65e5\u672c"), values.get("Basic", "S3Prefix"));
    }

    @Test
    void read_folderInsteadOfFile_refusedNamingPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> IniValues.read(dir));

        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void read_keyBeforeAnySection_refusedAsInvalidIni() throws IOException {
        Path file = write("DesBucket = b\n[Basic]\nJobType = LOCAL_TO_S3\n");

        ConfigException e = assertThrows(ConfigException.class, () -> IniValues.read(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("[Section]"), e.getMessage());
    }

    @Test
    void with_newValue_returnsCopyAndLeavesOriginalUnchanged() throws IOException {
        IniValues original = IniValues.read(write("[Advanced]\nChunkSize = 5\n"));

        IniValues changed = original.with("ADVANCED", "chunksize", "9").with("Basic", "DesBucket", "b2");

        assertEquals(Optional.of("5"), original.get("Advanced", "ChunkSize"));
        assertEquals(Optional.empty(), original.get("Basic", "DesBucket"));
        assertEquals(Optional.of("9"), changed.get("Advanced", "ChunkSize"));
        assertEquals(Optional.of("b2"), changed.get("basic", "DESBUCKET"));
        assertEquals(original.file(), changed.file());
    }

    @Test
    void empty_noFile_hasNoValues() {
        IniValues values = IniValues.empty(null);

        assertEquals(null, values.file());
        assertEquals(Optional.empty(), values.get("Basic", "DesBucket"));
    }
}

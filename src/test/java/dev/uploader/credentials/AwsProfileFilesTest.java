package dev.uploader.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

class AwsProfileFilesTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    private Path credentials() {
        return dir.resolve(".aws").resolve("credentials");
    }

    private Path config() {
        return dir.resolve(".aws").resolve("config");
    }

    private AwsProfileFiles files() {
        return new AwsProfileFiles(credentials(), config());
    }

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static Profile sdkProfile(Path file, ProfileFile.Type type, String name) {
        return ProfileFile.builder().content(file).type(type).build().profile(name).orElseThrow();
    }

    /** Both files as the SDK's default chain reads them: the credentials file wins over the config file. */
    private Profile sdkMergedProfile(String name) {
        return merged().profile(name).orElseThrow();
    }

    private ProfileFile merged() {
        ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
        if (Files.exists(credentials())) {
            aggregator.addFile(ProfileFile.builder().content(credentials()).type(ProfileFile.Type.CREDENTIALS).build());
        }
        if (Files.exists(config())) {
            aggregator.addFile(ProfileFile.builder().content(config()).type(ProfileFile.Type.CONFIGURATION).build());
        }
        return aggregator.build();
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    // ---- save: keeping the rest of the files

    @Test
    void save_existingProfileAmongOthersWithComments_changesOnlyItsKeyLines() throws IOException {
        write(credentials(), """
                # my keys; do not share
                [default]
                aws_access_key_id = DEFAULTID
                aws_secret_access_key = defaultsecret

                ; the work account
                [work]
                aws_access_key_id = OLDID
                aws_secret_access_key = oldsecret
                mfa_serial = arn:aws:iam::123:mfa/ann

                [other]
                aws_access_key_id=OTHERID
                aws_secret_access_key=othersecret
                """);

        files().save(new AwsProfile("work", "NEWID", SECRET, null, null));

        assertEquals("""
                # my keys; do not share
                [default]
                aws_access_key_id = DEFAULTID
                aws_secret_access_key = defaultsecret

                ; the work account
                [work]
                aws_access_key_id = NEWID
                aws_secret_access_key = %s
                mfa_serial = arn:aws:iam::123:mfa/ann

                [other]
                aws_access_key_id=OTHERID
                aws_secret_access_key=othersecret
                """.formatted(SECRET), read(credentials()));
    }

    @Test
    void save_keysWithOtherCaseSpacingAndComment_replacesValuesInPlaceWithSdkSpelling() throws IOException {
        write(credentials(), """
                [work]
                AWS_Access_Key_ID=OLDID
                source_profile = base
                aws_secret_access_key   =   oldsecret   # rotated yearly
                """);

        files().save(new AwsProfile("work", "NEWID", SECRET, null, null));

        assertEquals("""
                [work]
                aws_access_key_id=NEWID
                source_profile = base
                aws_secret_access_key   =   %s   # rotated yearly
                """.formatted(SECRET), read(credentials()));
        assertEquals("NEWID", sdkProfile(credentials(), ProfileFile.Type.CREDENTIALS, "work").property("aws_access_key_id").orElseThrow());
    }

    @Test
    void save_profileNotInFile_appendsItAtTheEndAfterABlankLine() throws IOException {
        write(credentials(), """
                [default]
                aws_access_key_id = DEFAULTID
                aws_secret_access_key = defaultsecret
                """);

        files().save(new AwsProfile("new", "NEWID", SECRET, null, null));

        assertEquals("""
                [default]
                aws_access_key_id = DEFAULTID
                aws_secret_access_key = defaultsecret

                [new]
                aws_access_key_id = NEWID
                aws_secret_access_key = %s
                """.formatted(SECRET), read(credentials()));
    }

    @Test
    void save_fileWithoutFinalNewline_endsTheLastLineBeforeAppending() throws IOException {
        write(credentials(), "[default]\naws_access_key_id = DEFAULTID\naws_secret_access_key = s");

        files().save(new AwsProfile("new", "NEWID", SECRET, null, null));

        assertEquals("[default]\naws_access_key_id = DEFAULTID\naws_secret_access_key = s\n\n[new]\naws_access_key_id = NEWID\n"
                + "aws_secret_access_key = " + SECRET + "\n", read(credentials()));
    }

    @Test
    void save_keyMissingFromExistingProfile_addsItAfterTheProfilesLastProperty() throws IOException {
        write(credentials(), """
                [work]
                aws_access_key_id = OLDID

                # next one
                [other]
                aws_access_key_id = OTHERID
                """);

        files().save(new AwsProfile("work", "OLDID", SECRET, null, null));

        assertEquals("""
                [work]
                aws_access_key_id = OLDID
                aws_secret_access_key = %s

                # next one
                [other]
                aws_access_key_id = OTHERID
                """.formatted(SECRET), read(credentials()));
    }

    @Test
    void save_fileWithCrlfLineEndings_keepsCrlfOnEveryLine() throws IOException {
        write(credentials(), "# keys\r\n[default]\r\naws_access_key_id = OLD\r\naws_secret_access_key = old\r\n");
        write(config(), "[default]\r\nregion = eu-west-1\r\noutput = json\r\n");

        files().save(new AwsProfile("default", "NEWID", SECRET, "us-east-2", null));
        files().save(new AwsProfile("ci", "CIID", SECRET, "eu-central-1", null));

        assertEquals("# keys\r\n[default]\r\naws_access_key_id = NEWID\r\naws_secret_access_key = " + SECRET + "\r\n\r\n[ci]\r\n"
                + "aws_access_key_id = CIID\r\naws_secret_access_key = " + SECRET + "\r\n", read(credentials()));
        assertEquals("[default]\r\nregion = us-east-2\r\noutput = json\r\n\r\n[profile ci]\r\nregion = eu-central-1\r\n", read(config()));
    }

    @Test
    void save_bytesThatAreNotUtf8ElsewhereInFile_keepsThemUnchanged() throws IOException {
        Files.createDirectories(credentials().getParent());
        byte[] latin1Comment = "# caf\u00e9 keys\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] rest = "[default]\naws_access_key_id = OLD\naws_secret_access_key = old\n".getBytes(StandardCharsets.US_ASCII);
        byte[] original = new byte[latin1Comment.length + rest.length];
        System.arraycopy(latin1Comment, 0, original, 0, latin1Comment.length);
        System.arraycopy(rest, 0, original, latin1Comment.length, rest.length);
        Files.write(credentials(), original);

        files().save(new AwsProfile("default", "NEWID", SECRET, null, null));

        byte[] after = Files.readAllBytes(credentials());
        assertArrayEquals(latin1Comment, Arrays.copyOf(after, latin1Comment.length));
        assertTrue(new String(after, StandardCharsets.ISO_8859_1).endsWith("aws_access_key_id = NEWID\naws_secret_access_key = " + SECRET + "\n"));
    }

    // ---- save: which file gets what

    @Test
    void save_namedProfileWithRegionAndEndpoint_configGetsProfilePrefixedSection() throws IOException {
        write(config(), """
                [default]
                region = eu-west-1

                [sso-session corp]
                sso_region = us-east-1
                """);

        files().save(new AwsProfile("minio", "ID", SECRET, "us-east-1", "http://localhost:9000"));

        assertEquals("""
                [default]
                region = eu-west-1

                [sso-session corp]
                sso_region = us-east-1

                [profile minio]
                region = us-east-1
                endpoint_url = http://localhost:9000
                """, read(config()));
    }

    @Test
    void save_defaultProfileWithRegion_configUsesDefaultSectionWithoutPrefix() throws IOException {
        files().save(new AwsProfile("default", "ID", SECRET, "ap-southeast-2", null));

        assertEquals("[default]" + System.lineSeparator() + "region = ap-southeast-2" + System.lineSeparator(), read(config()));
        assertEquals("ap-southeast-2", sdkProfile(config(), ProfileFile.Type.CONFIGURATION, "default").property("region").orElseThrow());
    }

    @Test
    void save_configWithProfileDefaultSection_updatesThatSection() throws IOException {
        write(config(), "[profile default]\nregion = eu-west-1\n");

        files().save(new AwsProfile("default", "ID", SECRET, "us-west-2", null));

        assertEquals("[profile default]\nregion = us-west-2\n", read(config()));
    }

    @Test
    void save_configHasUnprefixedSectionOfSameName_leavesItAndAddsProfileSection() throws IOException {
        write(config(), "[work]\nregion = ignored-by-sdk\n");

        files().save(new AwsProfile("work", "ID", SECRET, "us-west-2", null));

        assertEquals("[work]\nregion = ignored-by-sdk\n\n[profile work]\nregion = us-west-2\n", read(config()));
    }

    @Test
    void save_withRegionAndEndpoint_neitherIsWrittenToTheCredentialsFile() throws IOException {
        files().save(new AwsProfile("work", "ID", SECRET, "eu-north-1", "https://s3.example.com"));

        String text = read(credentials());
        assertFalse(text.contains("region"), text);
        assertFalse(text.contains("endpoint_url"), text);
        assertEquals(List.of("aws_access_key_id", "aws_secret_access_key"),
                List.copyOf(sdkProfile(credentials(), ProfileFile.Type.CREDENTIALS, "work").properties().keySet()));
    }

    @Test
    void save_credentialsSectionHoldsRegionFromOldTool_removesItSoTheConfigRegionApplies() throws IOException {
        write(credentials(), """
                [work]
                aws_access_key_id = OLDID
                region = us-east-1
                aws_secret_access_key = old
                """);

        files().save(new AwsProfile("work", "OLDID", SECRET, "eu-west-3", null));

        assertEquals("""
                [work]
                aws_access_key_id = OLDID
                aws_secret_access_key = %s
                """.formatted(SECRET), read(credentials()));
        assertEquals("eu-west-3", sdkMergedProfile("work").property("region").orElseThrow());
    }

    @Test
    void save_noRegionGiven_leavesCredentialsRegionAndCreatesNoConfigFile() throws IOException {
        write(credentials(), "[work]\nregion = us-east-1\n");

        files().save(new AwsProfile("work", "ID", SECRET, "  ", null));

        assertEquals("[work]\nregion = us-east-1\naws_access_key_id = ID\naws_secret_access_key = " + SECRET + "\n", read(credentials()));
        assertFalse(Files.exists(config()));
    }

    @Test
    void save_blankRegion_keepsTheRegionAlreadyInConfig() throws IOException {
        write(config(), "[profile work]\nregion = sa-east-1\n");

        files().save(new AwsProfile("work", "ID", SECRET, "", "https://store.example"));

        assertEquals("[profile work]\nregion = sa-east-1\nendpoint_url = https://store.example\n", read(config()));
    }

    @Test
    void save_newAccessKeyId_removesSessionTokenOfTheOldKeys() throws IOException {
        write(credentials(), "[work]\naws_access_key_id = OLDID\naws_secret_access_key = old\naws_session_token = TOKEN\n");

        files().save(new AwsProfile("work", "NEWID", SECRET, null, null));

        assertEquals("[work]\naws_access_key_id = NEWID\naws_secret_access_key = " + SECRET + "\n", read(credentials()));
        AwsCredentials resolved = provider("work").resolveCredentials();
        assertFalse(resolved instanceof AwsSessionCredentials);
    }

    @Test
    void save_sameAccessKeyId_keepsSessionToken() throws IOException {
        write(credentials(), "[work]\naws_access_key_id = ID\naws_secret_access_key = old\naws_session_token = TOKEN\n");

        files().save(new AwsProfile("work", "ID", SECRET, null, null));

        assertEquals("[work]\naws_access_key_id = ID\naws_secret_access_key = " + SECRET + "\naws_session_token = TOKEN\n",
                read(credentials()));
    }

    // ---- save: what the SDK reads back

    @Test
    void save_thenSdkReadsBothFiles_profileHasKeysRegionAndEndpoint() throws IOException {
        write(credentials(), "[default]\naws_access_key_id = D\naws_secret_access_key = d\n");
        write(config(), "[default]\nregion = eu-west-1\n");

        files().save(new AwsProfile("store", "AKIASTORE", SECRET, "us-east-1", "https://s3.store.example:8443"));

        Profile fromCredentials = sdkProfile(credentials(), ProfileFile.Type.CREDENTIALS, "store");
        assertEquals("AKIASTORE", fromCredentials.property("aws_access_key_id").orElseThrow());
        assertEquals(SECRET, fromCredentials.property("aws_secret_access_key").orElseThrow());
        Profile fromConfig = sdkProfile(config(), ProfileFile.Type.CONFIGURATION, "store");
        assertEquals("us-east-1", fromConfig.property("region").orElseThrow());
        assertEquals("https://s3.store.example:8443", fromConfig.property("endpoint_url").orElseThrow());
        AwsCredentials resolved = provider("store").resolveCredentials();
        assertEquals("AKIASTORE", resolved.accessKeyId());
        assertEquals(SECRET, resolved.secretAccessKey());
        assertEquals("D", provider("default").resolveCredentials().accessKeyId());
    }

    private ProfileCredentialsProvider provider(String name) {
        return ProfileCredentialsProvider.builder().profileFile(merged()).profileName(name).build();
    }

    @Test
    void save_valuesWithSurroundingSpaces_writesThemTrimmed() throws IOException {
        files().save(new AwsProfile(" work ", " ID ", " " + SECRET + "\n", " us-east-1 ", null));

        assertEquals("ID", sdkProfile(credentials(), ProfileFile.Type.CREDENTIALS, "work").property("aws_access_key_id").orElseThrow());
        assertEquals(SECRET, sdkProfile(credentials(), ProfileFile.Type.CREDENTIALS, "work").property("aws_secret_access_key").orElseThrow());
        assertEquals("us-east-1", sdkProfile(config(), ProfileFile.Type.CONFIGURATION, "work").property("region").orElseThrow());
    }

    // ---- save: files, folders and modes

    @Test
    void save_missingFolder_createsItWithMode0700AndFilesWithMode0600() throws IOException {
        Path credentials = dir.resolve("home").resolve(".aws").resolve("credentials");
        Path config = dir.resolve("home").resolve(".aws").resolve("config");

        new AwsProfileFiles(credentials, config).save(new AwsProfile("work", "ID", SECRET, "us-east-1", null));

        assertTrue(Files.isRegularFile(credentials));
        assertTrue(Files.isRegularFile(config));
        assumeTrue(posix(dir), "POSIX permissions only");
        assertEquals("rwx------", mode(credentials.getParent()));
        assertEquals("rwx------", mode(credentials.getParent().getParent()));
        assertEquals("rw-------", mode(credentials));
        assertEquals("rw-------", mode(config));
    }

    @Test
    void save_existingFilesReadableByAll_leavesThemWithMode0600() throws IOException {
        write(credentials(), "[default]\naws_access_key_id = OLD\naws_secret_access_key = old\n");
        write(config(), "[default]\nregion = eu-west-1\n");
        assumeTrue(posix(dir), "POSIX permissions only");
        Files.setPosixFilePermissions(credentials(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(config(), PosixFilePermissions.fromString("rw-rw-r--"));
        Files.setPosixFilePermissions(credentials().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        files().save(new AwsProfile("default", "NEWID", SECRET, "us-east-1", null));

        assertEquals("rw-------", mode(credentials()));
        assertEquals("rw-------", mode(config()));
        assertEquals("rwxr-xr-x", mode(credentials().getParent()), "an existing folder keeps its mode");
    }

    @Test
    void save_afterWriting_leavesNoTemporaryFilesInTheFolder() throws IOException {
        files().save(new AwsProfile("work", "ID", SECRET, "us-east-1", null));
        files().save(new AwsProfile("work", "ID2", SECRET, "us-east-2", null));

        try (Stream<Path> listing = Files.list(credentials().getParent())) {
            assertEquals(List.of("config", "credentials"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void save_credentialsFileIsSymbolicLink_writesTheFileItPointsTo() throws IOException {
        Path real = dir.resolve("dotfiles").resolve("aws-credentials");
        write(real, "[default]\naws_access_key_id = OLD\naws_secret_access_key = old\n");
        Files.createDirectories(credentials().getParent());
        try {
            Files.createSymbolicLink(credentials(), real);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here: " + e);
        }

        files().save(new AwsProfile("default", "NEWID", SECRET, null, null));

        assertTrue(Files.isSymbolicLink(credentials()));
        assertTrue(read(real).contains("aws_access_key_id = NEWID"));
    }

    // ---- save: refusing values, never telling the secret

    @Test
    void save_secretWithSpace_failsWithMessageWithoutTheSecret() {
        String secret = "abc SECRETPART";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> files().save(new AwsProfile("work", "ID", secret, null, null)));

        assertFalse(e.getMessage().contains("SECRETPART"), e.getMessage());
        assertTrue(e.getMessage().contains("secret access key"), e.getMessage());
        assertFalse(Files.exists(credentials()));
    }

    @Test
    void save_secretWithLineBreak_failsWithoutWriting() {
        assertThrows(IllegalArgumentException.class,
                () -> files().save(new AwsProfile("work", "ID", "abc\n[evil]\nx=1", null, null)));
        assertFalse(Files.exists(credentials()));
    }

    @Test
    void save_profileNameWithSpaceOrBracket_fails() {
        assertThrows(IllegalArgumentException.class, () -> files().save(new AwsProfile("my work", "ID", SECRET, null, null)));
        assertThrows(IllegalArgumentException.class, () -> files().save(new AwsProfile("work]", "ID", SECRET, null, null)));
        assertThrows(IllegalArgumentException.class, () -> files().save(new AwsProfile(" ", "ID", SECRET, null, null)));
    }

    @Test
    void save_emptyAccessKeyId_fails() {
        assertThrows(IllegalArgumentException.class, () -> files().save(new AwsProfile("work", "", SECRET, null, null)));
    }

    @Test
    void save_endpointThatIsNoHttpUrl_fails() {
        assertThrows(IllegalArgumentException.class,
                () -> files().save(new AwsProfile("work", "ID", SECRET, null, "s3.example.com")));
        assertThrows(IllegalArgumentException.class,
                () -> files().save(new AwsProfile("work", "ID", SECRET, null, "ftp://s3.example.com")));
    }

    @Test
    void toString_profileWithSecret_hidesTheSecret() {
        String text = new AwsProfile("work", "AKIAEXAMPLE", SECRET, "us-east-1", null).toString();

        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("AKIAEXAMPLE"), text);
        assertTrue(text.contains("hidden"), text);
    }

    // ---- profileNames

    @Test
    void profileNames_bothFiles_unionOnceEachSortedWithDefaultFirst() throws IOException {
        write(credentials(), "[zeta]\n[Beta]\n[default]\n[alpha]\n");
        write(config(), """
                [profile gamma]
                [default]
                [profile   alpha]
                [sso-session corp]
                [services local]
                [unprefixed]
                """);

        assertEquals(List.of("default", "alpha", "Beta", "gamma", "zeta"), files().profileNames());
    }

    @Test
    void profileNames_sectionsTheSdkSkips_areLeftOut() throws IOException {
        write(credentials(), "[profile x]\n[with space]\n[ok.name@corp]\n");

        assertEquals(List.of("ok.name@corp"), files().profileNames());
    }

    @Test
    void profileNames_noFiles_isEmpty() throws IOException {
        assertEquals(List.of(), files().profileNames());
    }

    // ---- hasAnyCredentials

    @Test
    void hasAnyCredentials_noFilesNoEnvironment_false() throws IOException {
        assertFalse(new AwsProfileFiles(credentials(), config(), Map.of()).hasAnyCredentials());
    }

    @Test
    void hasAnyCredentials_accessKeyInEnvironment_true() throws IOException {
        assertTrue(new AwsProfileFiles(credentials(), config(), Map.of("AWS_ACCESS_KEY_ID", "AKIAENV")).hasAnyCredentials());
    }

    @Test
    void hasAnyCredentials_blankAccessKeyInEnvironment_false() throws IOException {
        assertFalse(new AwsProfileFiles(credentials(), config(), Map.of("AWS_ACCESS_KEY_ID", " ")).hasAnyCredentials());
    }

    @Test
    void hasAnyCredentials_someSectionHasAccessKeyId_true() throws IOException {
        write(credentials(), "[default]\nregion = us-east-1\n\n[work]\naws_access_key_id = ID\n");

        assertTrue(new AwsProfileFiles(credentials(), config(), Map.of()).hasAnyCredentials());
    }

    @Test
    void hasAnyCredentials_sectionsWithoutAccessKeyIdOrOnlyEmptyOnes_false() throws IOException {
        write(credentials(), "# aws_access_key_id = COMMENTED\n[default]\nregion = us-east-1\naws_access_key_id =\n");

        assertFalse(new AwsProfileFiles(credentials(), config(), Map.of()).hasAnyCredentials());
    }

    // ---- forThisUser

    @Test
    void forThisUser_sdkSystemProperties_usesThoseFiles() {
        String oldCredentials = System.getProperty("aws.sharedCredentialsFile");
        String oldConfig = System.getProperty("aws.configFile");
        try {
            System.setProperty("aws.sharedCredentialsFile", credentials().toString());
            System.setProperty("aws.configFile", config().toString());

            AwsProfileFiles files = AwsProfileFiles.forThisUser();

            assertEquals(credentials(), files.credentialsFile());
            assertEquals(config(), files.configFile());
        } finally {
            restore("aws.sharedCredentialsFile", oldCredentials);
            restore("aws.configFile", oldConfig);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}

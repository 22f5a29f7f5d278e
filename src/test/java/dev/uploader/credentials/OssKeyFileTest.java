package dev.uploader.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uploader.config.AppDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OssKeyFileTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("uploader").resolve(OssKeyFile.FILE_NAME);
    }

    private void write(String text) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), text, StandardCharsets.UTF_8);
    }

    private String read() throws IOException {
        return Files.readString(file(), StandardCharsets.UTF_8);
    }

    @Test
    void save_noFile_writesDefaultSectionThatLoadReadsBack() throws IOException {
        OssKeyFile keys = new OssKeyFile(file());

        keys.save("default", "LTAIID", "ossSecret123");

        assertEquals("[default]" + System.lineSeparator() + "ali_access_key_id = LTAIID" + System.lineSeparator()
                + "ali_access_key_secret = ossSecret123" + System.lineSeparator(), read());
        assertEquals(Optional.of(new OssKeys("LTAIID", "ossSecret123")), keys.load("default"));
    }

    @Test
    void save_existingProfileAmongOthers_replacesItsValuesAndKeepsTheRest() throws IOException {
        write("""
                # OSS keys for the uploader
                [default]
                ali_access_key_id = OLDID
                ali_access_key_secret = oldsecret
                note = kept

                [backup]
                ali_access_key_id = BACKUPID
                ali_access_key_secret = backupsecret
                """);

        new OssKeyFile(file()).save("default", "NEWID", "newsecret");

        assertEquals("""
                # OSS keys for the uploader
                [default]
                ali_access_key_id = NEWID
                ali_access_key_secret = newsecret
                note = kept

                [backup]
                ali_access_key_id = BACKUPID
                ali_access_key_secret = backupsecret
                """, read());
    }

    @Test
    void save_newProfile_appendsItAtTheEnd() throws IOException {
        write("[default]\r\nali_access_key_id = A\r\nali_access_key_secret = a\r\n");

        new OssKeyFile(file()).save("backup", "B", "b");

        assertEquals("[default]\r\nali_access_key_id = A\r\nali_access_key_secret = a\r\n\r\n[backup]\r\nali_access_key_id = B\r\n"
                + "ali_access_key_secret = b\r\n", read());
    }

    @Test
    void save_missingFolderAndWideExistingFile_folder0700File0600() throws IOException {
        Path nested = dir.resolve("a").resolve("b").resolve(OssKeyFile.FILE_NAME);
        new OssKeyFile(nested).save("default", "ID", "secret");
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX permissions only");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)));

        Files.setPosixFilePermissions(nested, PosixFilePermissions.fromString("rw-r--r--"));
        new OssKeyFile(nested).save("default", "ID2", "secret2");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)));
    }

    @Test
    void load_noFile_empty() throws IOException {
        assertEquals(Optional.empty(), new OssKeyFile(file()).load("default"));
    }

    @Test
    void load_profileMissingOrWithoutSecret_empty() throws IOException {
        write("[default]\nali_access_key_id = ID\nali_access_key_secret =\n[other]\nali_access_key_id = X\n");

        assertEquals(Optional.empty(), new OssKeyFile(file()).load("default"));
        assertEquals(Optional.empty(), new OssKeyFile(file()).load("other"));
        assertEquals(Optional.empty(), new OssKeyFile(file()).load("absent"));
    }

    @Test
    void load_valuesWithTrailingCommentsAndOtherKeyCase_readsTheValuesOnly() throws IOException {
        write("[default]\nALI_ACCESS_KEY_ID=ID # mine\nali_access_key_secret =  s3cr3t  \n");

        assertEquals(Optional.of(new OssKeys("ID", "s3cr3t")), new OssKeyFile(file()).load("default"));
    }

    @Test
    void save_secretWithSpace_failsWithMessageWithoutTheSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OssKeyFile(file()).save("default", "ID", "top SECRETPART"));

        assertFalse(e.getMessage().contains("SECRETPART"), e.getMessage());
        assertFalse(Files.exists(file()));
    }

    @Test
    void toString_ossKeys_hidesTheSecret() {
        String text = new OssKeys("LTAIID", "ossSecret123").toString();

        assertFalse(text.contains("ossSecret123"), text);
        assertTrue(text.contains("LTAIID"), text);
    }

    @Test
    void in_appDirectories_fileInTheUserConfigFolder() {
        AppDirectories dirs = new AppDirectories(dir, dir.resolve("home"), Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()), "Linux");

        assertEquals(dir.resolve("xdg").resolve("uploader").resolve("oss_credentials"), OssKeyFile.in(dirs).file());
    }
}

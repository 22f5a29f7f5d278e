package dev.uploader.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppDirectoriesTest {
    private static final Path HOME = Path.of("/home/ann");
    private static final Path WORK = Path.of("/work/dir");

    private static AppDirectories dirs(Map<String, String> env, String os) {
        return new AppDirectories(WORK, HOME, env, os);
    }

    @Test
    void userConfigDir_linuxWithoutXdg_homeDotConfig() {
        assertEquals(HOME.resolve(".config").resolve("uploader"), dirs(Map.of(), "Linux").userConfigDir());
    }

    @Test
    void userConfigDir_linuxWithXdgConfigHome_underXdg() {
        assertEquals(Path.of("/xdg/conf").resolve("uploader"),
                dirs(Map.of("XDG_CONFIG_HOME", "/xdg/conf"), "Linux").userConfigDir());
    }

    @Test
    void userConfigDir_linuxWithBlankXdgConfigHome_homeDotConfig() {
        assertEquals(HOME.resolve(".config").resolve("uploader"), dirs(Map.of("XDG_CONFIG_HOME", "  "), "Linux").userConfigDir());
    }

    @Test
    void logDir_linuxWithoutXdg_homeLocalState() {
        assertEquals(HOME.resolve(".local").resolve("state").resolve("uploader").resolve("logs"), dirs(Map.of(), "Linux").logDir());
    }

    @Test
    void logDir_linuxWithXdgStateHome_underXdg() {
        assertEquals(Path.of("/xdg/state").resolve("uploader").resolve("logs"),
                dirs(Map.of("XDG_STATE_HOME", "/xdg/state"), "Linux").logDir());
    }

    @Test
    void logDir_linuxWithEmptyXdgStateHome_homeLocalState() {
        assertEquals(HOME.resolve(".local").resolve("state").resolve("uploader").resolve("logs"),
                dirs(Map.of("XDG_STATE_HOME", ""), "Linux").logDir());
    }

    @Test
    void userConfigDir_macOs_applicationSupportIgnoringXdg() {
        AppDirectories mac = dirs(Map.of("XDG_CONFIG_HOME", "/xdg/conf"), "Mac OS X");

        assertEquals(HOME.resolve("Library").resolve("Application Support").resolve("uploader"), mac.userConfigDir());
    }

    @Test
    void logDir_macOs_libraryLogsIgnoringXdg() {
        AppDirectories mac = dirs(Map.of("XDG_STATE_HOME", "/xdg/state"), "Mac OS X");

        assertEquals(HOME.resolve("Library").resolve("Logs").resolve("uploader"), mac.logDir());
    }

    @Test
    void userConfigDir_windowsWithAppData_underAppData() {
        String appData = "C:\\Users\\ann\\AppData\\Roaming";

        assertEquals(Path.of(appData).resolve("uploader"), dirs(Map.of("APPDATA", appData), "Windows 11").userConfigDir());
    }

    @Test
    void userConfigDir_windowsWithoutAppData_homeAppDataRoaming() {
        assertEquals(HOME.resolve("AppData").resolve("Roaming").resolve("uploader"), dirs(Map.of(), "Windows 10").userConfigDir());
    }

    @Test
    void logDir_windowsWithLocalAppData_underLocalAppData() {
        String local = "C:\\Users\\ann\\AppData\\Local";

        assertEquals(Path.of(local).resolve("uploader").resolve("logs"), dirs(Map.of("LOCALAPPDATA", local), "Windows 11").logDir());
    }

    @Test
    void logDir_windowsWithoutLocalAppData_homeAppDataLocal() {
        assertEquals(HOME.resolve("AppData").resolve("Local").resolve("uploader").resolve("logs"),
                dirs(Map.of("XDG_STATE_HOME", "/xdg/state"), "WINDOWS SERVER 2022").logDir());
    }

    @Test
    void reportDir_linuxWithXdgStateHome_besideTheLogs() {
        assertEquals(Path.of("/xdg/state").resolve("uploader").resolve("reports"),
                dirs(Map.of("XDG_STATE_HOME", "/xdg/state"), "Linux").reportDir());
    }

    @Test
    void reportDir_windowsWithLocalAppData_besideTheLogs() {
        String local = "C:\\Users\\ann\\AppData\\Local";

        assertEquals(Path.of(local).resolve("uploader").resolve("reports"), dirs(Map.of("LOCALAPPDATA", local), "Windows 11").reportDir());
    }

    @Test
    void reportDir_macOs_insideTheAppsOwnLogsFolder() {
        assertEquals(HOME.resolve("Library").resolve("Logs").resolve("uploader").resolve("reports"), dirs(Map.of(), "Mac OS X").reportDir());
    }

    @Test
    void historyDir_linuxWithXdgStateHome_besideTheLogs() {
        assertEquals(Path.of("/xdg/state").resolve("uploader").resolve("history"),
                dirs(Map.of("XDG_STATE_HOME", "/xdg/state"), "Linux").historyDir());
    }

    @Test
    void historyDir_macOs_insideTheAppsOwnLogsFolder() {
        assertEquals(HOME.resolve("Library").resolve("Logs").resolve("uploader").resolve("history"), dirs(Map.of(), "Mac OS X").historyDir());
    }

    @Test
    void configCandidates_anyOs_workingDirFirstThenUserConfigDir() {
        AppDirectories linux = dirs(Map.of("XDG_CONFIG_HOME", "/xdg/conf"), "Linux");

        assertEquals(List.of(WORK.resolve("s3_upload_config.ini"), Path.of("/xdg/conf/uploader/s3_upload_config.ini")),
                linux.configCandidates());
    }

    @Test
    void findConfig_noCandidateExists_empty(@TempDir Path tmp) {
        AppDirectories d = new AppDirectories(tmp.resolve("work"), tmp.resolve("home"), Map.of(), "Linux");

        assertEquals(Optional.empty(), d.findConfig());
    }

    @Test
    void findConfig_onlyUserConfigExists_userConfig(@TempDir Path tmp) throws IOException {
        Path home = tmp.resolve("home");
        Path userFile = home.resolve(".config").resolve("uploader").resolve(AppDirectories.FILE_NAME);
        Files.createDirectories(userFile.getParent());
        Files.writeString(userFile, "[Basic]\n");
        AppDirectories d = new AppDirectories(Files.createDirectories(tmp.resolve("work")), home, Map.of(), "Linux");

        assertEquals(Optional.of(userFile), d.findConfig());
    }

    @Test
    void findConfig_bothExist_workingDirWins(@TempDir Path tmp) throws IOException {
        Path home = tmp.resolve("home");
        Path userFile = home.resolve(".config").resolve("uploader").resolve(AppDirectories.FILE_NAME);
        Files.createDirectories(userFile.getParent());
        Files.writeString(userFile, "[Basic]\n");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path workFile = Files.writeString(work.resolve(AppDirectories.FILE_NAME), "[Basic]\n");
        AppDirectories d = new AppDirectories(work, home, Map.of(), "Linux");

        assertEquals(Optional.of(workFile), d.findConfig());
    }

    @Test
    void findConfig_folderNamedLikeConfigInWorkingDir_skipped(@TempDir Path tmp) throws IOException {
        Path home = tmp.resolve("home");
        Path userFile = home.resolve(".config").resolve("uploader").resolve(AppDirectories.FILE_NAME);
        Files.createDirectories(userFile.getParent());
        Files.writeString(userFile, "[Basic]\n");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve(AppDirectories.FILE_NAME));
        AppDirectories d = new AppDirectories(work, home, Map.of(), "Linux");

        assertEquals(Optional.of(userFile), d.findConfig());
    }
}

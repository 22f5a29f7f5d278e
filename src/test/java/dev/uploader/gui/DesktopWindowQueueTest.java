package dev.uploader.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.AppDirectories;
import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.gui.queue.Transfer;
import dev.uploader.gui.queue.TransferState;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The second-generation window, headless (Monocle), driven by TestFX against an embedded S3Proxy: files dropped onto
 * it, two queued transfers, the app closed mid-transfer and opened again, the window in Chinese.
 */
@ExtendWith(ApplicationExtension.class)
class DesktopWindowQueueTest {
    static final long MIB = TestFiles.MIB;
    static S3TestServer server;
    @TempDir
    static Path home;
    static ExecutorService background = Executors.newCachedThreadPool();
    DesktopWindow window;
    Path config;
    AppDirectories dirs;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.inMemory();
        TestProfiles.write(home.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        background.shutdownNow();
    }

    @Start
    void start(Stage stage) throws Exception {
        // each test has its own app folders: its own queue, history and settings
        Path app = home.resolve("app-" + System.nanoTime());
        config = app.resolve("job.ini");
        Files.createDirectories(app);
        Files.writeString(config, "[Basic]\nJobType = LOCAL_TO_S3\nDesProfileName = " + TestProfiles.PROFILE + "\nDesEndPointURL = "
                + server.endpoint() + "\n\n[Advanced]\nChunkSize = 5\nMaxRetry = 2\n");
        dirs = new AppDirectories(app, app, Map.of(), "Linux");
        window = open(stage);
    }

    private DesktopWindow open(Stage stage) {
        AwsProfileFiles profiles = new AwsProfileFiles(home.resolve("aws/credentials"), home.resolve("aws/config"), Map.of());
        DesktopWindow w = new DesktopWindow(config, dirs, profiles, new S3ClientFactory(), Map.of(), background);
        w.show(stage);
        return w;
    }

    private void destination(String bucket, String prefix) throws Exception {
        fx(() -> {
            window.model().desBucket.set(bucket);
            window.model().desPrefix.set(prefix);
        });
    }

    @Test
    void drop_folderOntoTheWindow_shownThenQueuedAndUploadedUnderItsName(FxRobot robot) throws Exception {
        server.createBucket("dropped");
        Path folder = home.resolve("drop/holiday photos");
        TestFiles.write(folder.resolve("a.jpg"), 1000, 1);
        TestFiles.write(folder.resolve("day 2/b.jpg"), 6 * MIB + 5, 2);
        destination("dropped", "backup");

        // a drag from the desktop cannot be made under Monocle: the test calls what the window's drop handler calls
        Platform.runLater(() -> window.drop(List.of(folder)));
        waitFor(() -> robot.lookup("#dropDialog").tryQuery().isPresent());
        String header = robot.lookup("#dropDialog").queryAs(javafx.scene.control.DialogPane.class).getHeaderText();
        assertTrue(header.contains("1 item(s)") && header.contains("s3://dropped/backup"), header);
        robot.clickOn("Add to the queue");

        waitFor(() -> window.queue().transfers.size() == 1 && window.queue().transfers.get(0).state.get() == TransferState.DONE);
        assertTrue(robot.lookup("#transfersTable").queryAs(TableView.class).isVisible(), "the queue is shown");
        assertObject("dropped", "backup/holiday photos/a.jpg", folder.resolve("a.jpg"));
        assertObject("dropped", "backup/holiday photos/day 2/b.jpg", folder.resolve("day 2/b.jpg"));
    }

    @Test
    void addToQueue_twoJobs_runOneAfterAnotherBothArriveAndTheChartHasPoints(FxRobot robot) throws Exception {
        server.createBucket("two-jobs");
        Path a = home.resolve("two/a");
        Path b = home.resolve("two/b");
        TestFiles.write(a.resolve("first.bin"), 8 * MIB, 3);
        TestFiles.write(b.resolve("second.bin"), 3000, 4);
        Files.writeString(config, Files.readString(config).replace("[Advanced]\n", "[Advanced]\nBandwidthLimit = 4M\n"));
        destination("two-jobs", "");
        fx(() -> window.model().srcDir.set(a.toString()));
        robot.clickOn("#queueButton");
        waitFor(() -> robot.lookup("#transfersTable").queryAs(TableView.class).isVisible());
        fx(() -> window.model().srcDir.set(b.toString()));
        robot.clickOn("#jobTab .tab-label"); // back to the form, as a person would
        robot.clickOn("#queueButton");

        List<Transfer> transfers = window.queue().transfers;
        waitFor(() -> transfers.size() == 2);
        assertEquals(TransferState.QUEUED, transfers.get(1).state.get(), "one after another: the second waits");
        waitFor(() -> transfers.get(0).state.get() == TransferState.DONE && transfers.get(1).state.get() == TransferState.DONE);
        assertObject("two-jobs", "first.bin", a.resolve("first.bin"));
        assertObject("two-jobs", "second.bin", b.resolve("second.bin"));

        fx(() -> robot.lookup("#transfersTable").queryAs(TableView.class).getSelectionModel().select(0));
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = robot.lookup("#transferRateChart").queryAs(LineChart.class);
        assertFalse(chart.getData().get(0).getData().isEmpty(), "the finished transfer's speed chart has its points");
        assertEquals(2, window.history().runs.size(), "both runs are in the history");
    }

    @Test
    void closeMidTransfer_appOpenedAgain_transferResumesAndTheObjectIsIdentical(FxRobot robot) throws Exception {
        server.createBucket("reopen");
        Path src = home.resolve("reopen-src");
        Path movie = TestFiles.write(src.resolve("movie.bin"), 24 * MIB, 5);
        Files.writeString(config, Files.readString(config).replace("[Advanced]\n", "[Advanced]\nBandwidthLimit = 4M\n"));
        destination("reopen", "");
        fx(() -> {
            window.model().srcDir.set(src.toString());
            window.model().maxThread.set("1"); // parts one at a time: the close finds some stored, for the resume to prove
        });
        robot.clickOn("#queueButton");
        Transfer t = window.queue().transfers.get(0);
        waitFor(() -> t.state.get() == TransferState.RUNNING && t.progress.get() > 0.3);

        // the app closes as DesktopApp.stop() closes it: transfers stop and stay queued
        window.close();
        Stage first = (Stage) robot.lookup("#transfersTable").query().getScene().getWindow();
        fx(first::close);

        DesktopWindow[] again = new DesktopWindow[1];
        fx(() -> again[0] = open(new Stage()));
        window = again[0];
        waitFor(() -> window.queue().transfers.size() == 1);
        Transfer back = window.queue().transfers.get(0);
        waitFor(() -> back.state.get() == TransferState.DONE);
        assertTrue(back.summary.get().contains("Resumed 1 file(s)"), back.summary.get());
        assertObject("reopen", "movie.bin", movie);
    }

    @Test
    void language_chineseChosenInTheViewMenu_noEnglishLeftInTheWindow(FxRobot robot) throws Exception {
        robot.clickOn("#viewMenu");
        robot.clickOn("#languageChinese");
        WaitForAsyncUtils.waitForFxEvents();

        Parent root = robot.lookup("#tabs").query().getScene().getRoot();
        List<String> english = new ArrayList<>();
        for (TabPane tabs : nodes(root, TabPane.class)) {
            for (Tab tab : tabs.getTabs()) {
                check(tab.getText(), "tab", english);
                if (tab.getContent() instanceof Parent content) {
                    collect(content, english);
                }
            }
        }
        collect(root, english);
        assertEquals(List.of(), english);
        assertTrue(window.texts().getLocale().getLanguage().equals("zh"));
    }

    /** Every text a person sees in the window: labels, buttons, menus, columns, prompts, tooltips. */
    private static void collect(Parent root, List<String> english) {
        for (Node n : nodes(root, Node.class)) {
            if (n.getId() != null && (n.getId().equals("configLabel") || n.getId().startsWith("src") || n.getId().startsWith("des"))) {
                continue; // the settings file's path and what the person typed
            }
            if (n instanceof Labeled l) {
                check(l.getText(), n.getClass().getSimpleName(), english);
            }
            if (n instanceof TitledPane p) {
                check(p.getText(), "pane", english);
            }
            if (n instanceof TextInputControl t) {
                check(t.getPromptText(), "prompt", english);
            }
            if (n instanceof Control c && c.getTooltip() != null) {
                check(c.getTooltip().getText(), "tooltip", english);
            }
            if (n instanceof Control c) {
                check(c.getAccessibleText(), "accessible text", english);
            }
            if (n instanceof TableView<?> t) {
                for (TableColumn<?, ?> col : t.getColumns()) {
                    check(col.getText(), "column", english);
                }
                if (t.getPlaceholder() instanceof Labeled l) {
                    check(l.getText(), "placeholder", english);
                }
            }
            if (n instanceof LineChart<?, ?> c) {
                check(c.getTitle(), "chart", english);
                check(c.getXAxis().getLabel(), "axis", english);
            }
            if (n instanceof MenuBar bar) {
                for (Menu m : bar.getMenus()) {
                    check(m.getText(), "menu", english);
                    for (MenuItem i : m.getItems()) {
                        if (!"languageEnglish".equals(i.getId())) {
                            check(i.getText(), "menu item", english);
                        }
                    }
                }
            }
        }
    }

    /** Words of three or more small Latin letters: sentences, not acronyms (S3, MD5) nor the INI's key names (MaxThread). */
    private static final Pattern ENGLISH_WORD = Pattern.compile("(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])");

    private static void check(String text, String where, List<String> english) {
        if (text == null || text.isBlank()) {
            return;
        }
        for (String token : text.split("[\\s，。；：、（）()]+")) {
            if (token.matches(".*[/*.:=\\\\\\[\\]@].*") || token.startsWith("-")) {
                continue; // paths, patterns, URLs, option names, example values
            }
            Matcher m = ENGLISH_WORD.matcher(token);
            if (m.find() && !token.equals("uploader")) { // the program's name
                english.add(where + ": " + text);
                return;
            }
        }
    }

    private static <T> List<T> nodes(Parent root, Class<T> type) {
        List<T> found = new ArrayList<>();
        List<Node> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            if (type.isInstance(n)) {
                found.add(type.cast(n));
            }
            if (n instanceof Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
            if (n instanceof javafx.scene.control.ScrollPane s && s.getContent() != null) {
                todo.add(s.getContent());
            }
            if (n instanceof TitledPane p && p.getContent() != null) {
                todo.add(p.getContent());
            }
            if (n instanceof javafx.scene.control.SplitPane s) {
                todo.addAll(s.getItems());
            }
        }
        return found;
    }

    private static void assertObject(String bucket, String key, Path file) throws Exception {
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(file), TestFiles.objectMd5(s3, bucket, key), key);
        }
    }

    private static void fx(Runnable action) throws Exception {
        dev.uploader.testing.FxWait.fx(action);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        dev.uploader.testing.FxWait.waitFor(condition);
    }
}

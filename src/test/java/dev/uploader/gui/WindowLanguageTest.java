package dev.uploader.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.gui.history.HistoryViewModel;
import dev.uploader.gui.queue.QueueFile;
import dev.uploader.gui.queue.Transfer;
import dev.uploader.gui.queue.TransferQueue;
import dev.uploader.history.RunHistory;
import dev.uploader.i18n.Texts;
import dev.uploader.run.JobRunner;
import dev.uploader.run.RunHistoryWriter;
import dev.uploader.storage.S3ClientFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switching the window's language without a window: what the view models say follows the language they are given. */
class WindowLanguageTest {
    static final Texts CHINESE = Texts.window(Locale.SIMPLIFIED_CHINESE);
    static final Texts ENGLISH = Texts.window(Locale.ENGLISH);

    @TempDir
    Path dir;

    @Test
    void mainViewModel_chineseThenEnglish_statusAndSummaryFollow() {
        MainViewModel model = new MainViewModel(dir.resolve("job.ini"), dir.resolve("reports"), Map.of(), new S3ClientFactory(),
                job -> ResumeLedger.NONE, Runnable::run, Runnable::run);
        JobResult result = new JobResult(List.of(
                new FileOutcome("p/a", "a", 10, FileOutcome.Status.UPLOADED, "verified", 10, 0, 0, 1, null),
                FileOutcome.skipped("p/c", "c", 1, "already there")), Duration.ofSeconds(3), null, false);

        model.setTexts(CHINESE);
        model.save();
        String chineseStatus = model.status.get();
        String chineseSummary = MainViewModel.summaryText(result, CHINESE);
        model.setTexts(ENGLISH);
        model.save();

        assertTrue(chineseStatus.startsWith("已保存"), chineseStatus);
        assertTrue(model.status.get().startsWith("Saved "), model.status.get());
        assertTrue(chineseSummary.contains("已上传 1 个文件"), chineseSummary);
        assertFalse(chineseSummary.matches("(?s).*\\b(Uploaded|Skipped|Failed|Sent)\\b.*"), chineseSummary);
    }

    @Test
    void transferQueue_chinese_statesOfTransfersSaidInChinese() {
        List<Runnable> held = new ArrayList<>(); // nothing runs: the transfers wait
        TransferQueue queue = new TransferQueue(new QueueFile(dir.resolve("queue.properties")), dir.resolve("reports"), Map.of(),
                new JobRunner(new S3ClientFactory(), job -> ResumeLedger.NONE, RunHistoryWriter.NONE), key -> null, held::add, Runnable::run);
        queue.setTexts(CHINESE);

        queue.add(TransferQueue.spec("a -> s3://b/", null, Map.of(), null, false));
        Transfer second = queue.add(TransferQueue.spec("c -> s3://b/", null, Map.of(), null, false));
        queue.pause(second);

        assertEquals(CHINESE.text("queue.held"), second.status.get());
        assertTrue(second.status.get().matches("[^A-Za-z]+"), second.status.get());
        assertTrue(queue.transfers.get(0).status.get().matches("[^A-Za-z]+"), queue.transfers.get(0).status.get());
    }

    @Test
    void historyViewModel_chineseNoRuns_saysSoInChinese() {
        HistoryViewModel model = new HistoryViewModel(new RunHistory(dir.resolve("history")), r -> { }, Runnable::run, Runnable::run);
        model.setTexts(CHINESE);

        model.refresh();

        assertEquals("暂无运行记录。", model.message.get());
    }
}

package dev.uploader.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.credentials.OssKeyFile;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.UnfinishedSummary;
import dev.uploader.i18n.LanguageChoice;
import dev.uploader.i18n.Texts;
import dev.uploader.storage.S3ClientFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dialogs' texts in both languages, without a window. */
class DialogTextsTest {
    private static final Texts ENGLISH = Texts.messages(LanguageChoice.ENGLISH);
    private static final Texts CHINESE = Texts.messages(LanguageChoice.SIMPLIFIED_CHINESE);

    @TempDir
    Path home;

    private static UnfinishedSummary summary(Instant oldest) {
        return new UnfinishedSummary(List.of(new PendingUpload("p/a", "u1", oldest), new PendingUpload("p/b", "u2", oldest)), 1536, 1, oldest);
    }

    @Test
    void describe_english_asBeforeTheBundle() {
        Instant oldest = Instant.now().minus(Duration.ofDays(2).plusMinutes(5));

        assertEquals("Their parts hold 1.5 KiB in the first 1; the oldest was started 2 day(s) ago (" + oldest + ").\n\n"
                + "Resume: continue them; a part is reused only where it matches the source.\n"
                + "CLEAN and restart: abort them all under s3://b/p and upload afresh.\n"
                + "Cancel: do nothing now.", Dialogs.describe(ENGLISH, "s3://b/p", summary(oldest)));
    }

    @Test
    void describe_chinese_noEnglishWordsButTheDestination() {
        String text = Dialogs.describe(CHINESE, "s3://b/p", summary(null));

        assertEquals("已上传的分段共 1.5 KiB（仅统计前 1 个）。\n\n"
                + "续传：继续这些上传；只有与源文件一致的分段才会被复用。\n"
                + "清理并重新上传：中止 s3://b/p 下的全部未完成上传，然后重新上传。\n"
                + "取消：现在什么也不做。", text);
    }

    @Test
    void credentials_missingKeys_saidInTheDialogsLanguage() {
        CredentialsViewModel model = new CredentialsViewModel(new AwsProfileFiles(home.resolve("credentials"), home.resolve("config")),
                new OssKeyFile(home.resolve("oss")), new S3ClientFactory(), Runnable::run, Runnable::run, CHINESE);

        assertFalse(model.save());
        assertEquals("请输入 Access Key ID 和 Secret Access Key。", model.result.get());
    }

    @Test
    void credentials_withoutTexts_english() {
        CredentialsViewModel model = new CredentialsViewModel(new AwsProfileFiles(home.resolve("credentials"), home.resolve("config")),
                new OssKeyFile(home.resolve("oss")), new S3ClientFactory(), Runnable::run, Runnable::run);
        model.accessKeyId.set("AKIA");
        model.secretAccessKey.set("secret");
        model.endpoint.set("not a url");

        assertFalse(model.save());
        assertTrue(model.result.get().startsWith("The endpoint must be a URL"), model.result.get());
    }

    @Test
    void unfinishedUploads_noBucket_saidInTheDialogsLanguage() {
        MainViewModel main = new MainViewModel(home.resolve("menu.ini"), home.resolve("reports"), Map.of(), new S3ClientFactory(),
                job -> ResumeLedger.NONE, Runnable::run, Runnable::run);
        UnfinishedUploadsViewModel model = new UnfinishedUploadsViewModel(main, new S3ClientFactory(), Runnable::run, Runnable::run, CHINESE);

        model.refresh();

        assertEquals("请先选择目标存储桶。", model.message.get());
    }
}

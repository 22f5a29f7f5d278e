package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real command line with --language zh-CN: a run, a second run and a dry run speak Chinese; the files move as ever. */
class ChineseCommandLineTest extends InMemoryServerTest {

    @Test
    void upload_languageZhCN_progressSummaryAndPlanInChinese() throws Exception {
        server.createBucket("zh-lang");
        Path src = home.resolve("zh-src");
        TestFiles.write(src.resolve("a.bin"), 1000, 1);
        TestFiles.write(src.resolve("b/c.bin"), 6 << 20, 2);
        Path config = new TestConfig(server.endpoint(), "zh-lang", "job", src).write(home.resolve("zh.ini"));

        CliRun first = CliRun.run(home, "--nogui", "--config", config.toString(), "--language", "zh-CN");
        assertEquals(0, first.exitCode, first.toString());
        assertTrue(first.out.contains("边列举边上传"), first.out);
        assertTrue(first.out.contains("汇总："), first.out);
        assertTrue(first.out.contains("已上传：2 个文件"), first.out);
        assertTrue(first.out.contains("成功：所有文件都已在目标位置：2 个已上传"), first.out);

        CliRun again = CliRun.run(home, "--nogui", "--config", config.toString(), "--language=zh");
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("已跳过：2 个文件已在目标位置"), again.out);

        CliRun plan = CliRun.run(home, "--nogui", "--config", config.toString(), "--dry-run", "--language", "zh-CN");
        assertEquals(0, plan.exitCode, plan.toString());
        assertTrue(plan.out.contains("计划（试运行，不写入任何内容）："), plan.out);
        assertTrue(plan.out.contains("合计：0 个待上传"), plan.out);
    }

    @Test
    void badOption_languageZhCN_errorLineInChinese() {
        CliRun run = CliRun.run(home, "--nogui", "--language", "zh-CN", "--no-such-option");

        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.startsWith("错误："), run.err);
        assertTrue(run.err.contains("（参见 --help）"), run.err);
    }
}

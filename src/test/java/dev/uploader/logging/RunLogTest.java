package dev.uploader.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The run log's set-up with a worker's job lines: the bare JSON in a file of its own, the run log as before. */
class RunLogTest {
    static final String LINE = "{\"worker\":\"h:1\",\"destination\":\"s3://b/中文 \\\"q\\\".txt\",\"outcome\":\"done\"}";

    @Test
    void startJobLines_infoLevel_bareLinesInTheJobsFileAndPrefixedLinesInTheRunLog(@TempDir Path dir) throws Exception {
        Path log = RunLog.start(dir, "INFO");

        Path jobs = RunLog.startJobLines(log);
        LoggerFactory.getLogger(RunLog.JOB_LINES_LOGGER).info("{}", LINE);
        LoggerFactory.getLogger("dev.uploader.cluster.Worker").info("not a job line");

        assertEquals(log.resolveSibling(log.getFileName().toString().replace(".log", ".jobs.jsonl")), jobs);
        assertEquals(List.of(LINE), Files.readAllLines(jobs, StandardCharsets.UTF_8));
        String run = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(run.contains("INFO  [") && run.contains("dev.uploader.jobs - " + LINE), run);
        assertTrue(run.contains("not a job line"), run);
    }

    @Test
    void startJobLines_warningLevel_jobsFileStillGetsThemAndTheRunLogDoesNot(@TempDir Path dir) throws Exception {
        Path log = RunLog.start(dir, "WARNING");

        Path jobs = RunLog.startJobLines(log);
        LoggerFactory.getLogger(RunLog.JOB_LINES_LOGGER).info("{}", LINE);

        assertEquals(List.of(LINE), Files.readAllLines(jobs, StandardCharsets.UTF_8));
        assertTrue(!Files.readString(log, StandardCharsets.UTF_8).contains(LINE));
    }

    @Test
    void start_afterJobLines_theNextRunsLinesGoToItsOwnLogOnly(@TempDir Path dir) throws Exception {
        Path first = RunLog.start(dir.resolve("one"), "INFO");
        Path jobs = RunLog.startJobLines(first);

        RunLog.start(dir.resolve("two"), "INFO");
        LoggerFactory.getLogger(RunLog.JOB_LINES_LOGGER).info("{}", LINE);

        assertEquals(List.of(), Files.readAllLines(jobs, StandardCharsets.UTF_8));
    }
}

package dev.uploader.run;

import dev.uploader.config.JobConfig;
import dev.uploader.engine.watch.FolderWatch;
import dev.uploader.history.RunRecord.Origin;
import dev.uploader.report.JsonLinesReport;
import dev.uploader.storage.JobStores;

/**
 * One job (one bucket pair) to run, as the command line or the desktop app asks for it.
 *
 * @param names          the only names to move ({@code --files-from}, "retry failures"), or null for the whole source
 * @param pairName       the pair's name in the report, or null for a job of one pair
 * @param report         where each object's record and the summary go, or null for no report
 * @param watch          keep watching the folder after the first run with these settings, or null not to
 * @param dryRun         only plan: nothing is written, the bucket is not created
 * @param serverSideCopy a copy within one store may use UploadPartCopy
 * @param origin         who asked, for the run history
 */
public record RunRequest(JobConfig job, JobStores.NameList names, String pairName, JsonLinesReport report, FolderWatch.Settings watch,
                         boolean dryRun, boolean serverSideCopy, Origin origin) {

    /** A plain run of {@code job} with its report (or none), as the desktop app starts one. */
    public static RunRequest of(JobConfig job, JobStores.NameList names, JsonLinesReport report, FolderWatch.Settings watch, Origin origin) {
        return new RunRequest(job, names, null, report, watch, false, true, origin);
    }
}

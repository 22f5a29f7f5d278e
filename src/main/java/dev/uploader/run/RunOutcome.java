package dev.uploader.run;

import dev.uploader.engine.JobResult;

/**
 * How a run ended.
 *
 * @param result      the engine's result; null for a dry run and for a run the person cancelled before it began
 * @param planOk      a dry run: every entry can move
 * @param cancelled   the person chose not to run when asked about unfinished uploads; nothing was sent
 * @param watched     the result covers a watch after the first run (the first run's own summary was already said)
 * @param source      the source in words
 * @param destination the destination in words
 */
public record RunOutcome(JobResult result, boolean planOk, boolean cancelled, boolean watched, String source, String destination) {
}

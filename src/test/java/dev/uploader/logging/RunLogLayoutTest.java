package dev.uploader.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The run log's own layout against logback's pattern layout with the pattern it replaces, event for event. */
class RunLogLayoutTest {
    @Test
    void doLayout_manyEvents_sameTextAsThePatternLayout() {
        LoggerContext context = new LoggerContext();
        TimeZone saved = TimeZone.getDefault();
        // a zone with a half-hour offset, so that a wrong zone shows in the text
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            PatternLayout pattern = new PatternLayout();
            pattern.setContext(context);
            pattern.setPattern(RunLogLayout.PATTERN);
            pattern.start();
            RunLogLayout ours = new RunLogLayout(TimeZone.getDefault());
            ours.setContext(context);
            ours.start();

            List<LoggingEvent> events = new ArrayList<>();
            long[] times = {Instant.parse("2026-12-01T12:44:57.897Z").toEpochMilli(), Instant.parse("2026-12-01T12:44:57.005Z").toEpochMilli(),
                Instant.parse("2026-12-01T12:44:58.050Z").toEpochMilli(), Instant.parse("2026-12-31T23:59:59.999Z").toEpochMilli(),
                Instant.parse("2027-01-01T00:00:00.000Z").toEpochMilli(), Instant.parse("1969-12-31T23:59:59.001Z").toEpochMilli()};
            String[] loggers = {"dev.uploader.engine.FileUploader", "dev.uploader.cli.UploadCommand", "Short",
                "dev.uploader.storage.VeryLongClassNameThatIsLongerThanThirtyCharacters", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.Name",
                "org.apache.http.wire", "exactly.thirty.chars.Logger123"};
            Level[] levels = {Level.INFO, Level.WARN, Level.ERROR, Level.DEBUG, Level.TRACE};
            int i = 0;
            for (long time : times) {
                for (String name : loggers) {
                    Logger logger = context.getLogger(name);
                    Level level = levels[i % levels.length];
                    Throwable thrown = i % 4 == 0 ? new IOException("disk full", new IllegalStateException("cause été")) : null;
                    Object[] args = i % 3 == 0 ? new Object[] {"a/b é 日本.bin", 42L} : null;
                    String message = i % 7 == 6 ? null : "file {}: done, {} bytes";
                    LoggingEvent event = new LoggingEvent("test", logger, level, message, thrown, args);
                    event.setTimeStamp(time);
                    event.setThreadName(i % 2 == 0 ? "file-" + i : "main");
                    events.add(event);
                    i++;
                }
            }
            for (LoggingEvent event : events) {
                assertEquals(pattern.doLayout(event), ours.doLayout(event), "event at " + event.getTimeStamp() + " of " + event.getLoggerName());
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }
}

package dev.uploader.logging;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import dev.uploader.format.LocalTimeFormat;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run log's line, {@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n} and the stack
 * trace of an exception, written without the pattern machinery: a run logs one line per file, and the pattern
 * layout formatted every timestamp through java.time (BigDecimal for the milliseconds) and built its converters
 * by reflection at start. The date and time are formatted once per second ({@link LocalTimeFormat}: java.util's
 * time zone), logger names abbreviated once.
 */
final class RunLogLayout extends LayoutBase<ILoggingEvent> {
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n";

    private final LocalTimeFormat seconds;
    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(30);
    private final ConcurrentHashMap<String, String> loggerNames = new ConcurrentHashMap<>();
    private volatile Second second = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String text) {
    }

    RunLogLayout(TimeZone zone) {
        this.seconds = new LocalTimeFormat("yyyy-MM-dd HH:mm:ss", zone);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        long millis = event.getTimeStamp();
        long epochSecond = Math.floorDiv(millis, 1000);
        int milli = (int) Math.floorMod(millis, 1000);
        Second current = second;
        if (current.epochSecond() != epochSecond) {
            current = new Second(epochSecond, seconds.format(epochSecond * 1000));
            second = current;
        }
        String level = event.getLevel().toString();
        String message = event.getFormattedMessage();
        StringBuilder line = new StringBuilder(64 + (message == null ? 4 : message.length()));
        line.append(current.text()).append('.');
        if (milli < 100) {
            line.append('0');
        }
        if (milli < 10) {
            line.append('0');
        }
        line.append(milli).append(' ').append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(" [").append(event.getThreadName()).append("] ")
                .append(loggerNames.computeIfAbsent(event.getLoggerName(), abbreviator::abbreviate))
                .append(" - ").append(message).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
        }
        return line.toString();
    }
}

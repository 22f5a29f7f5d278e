package dev.uploader.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Logback for SLF4J, named by the launcher ({@link #select()}) rather than found by SLF4J's and logback's
 * searches of the class path, which open every jar on it (about 30 ms per run for the ServiceLoader lookups and
 * as much again for logback's look for a configuration file; docs/decisions/0006). Logging starts switched off;
 * {@link RunLog} adds the run's file. In-process tests, which never go through the launcher, keep logback's own
 * start-up with their logback-test.xml ({@link QuietStartConfigurator}).
 */
public final class QuietLogbackProvider implements SLF4JServiceProvider {
    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    /** Makes SLF4J use this provider; call before the first logger is asked for. Keeps a choice made with -Dslf4j.provider. */
    public static void select() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", QuietLogbackProvider.class.getName());
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                // SLF4J would say on stderr, on every run, that it loads the provider it was told to
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    @Override
    public void initialize() {
        context.setName("default");
        context.setMDCAdapter(mdc);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}

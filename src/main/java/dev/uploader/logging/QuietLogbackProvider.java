package dev.uploader.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Logback for SLF4J, named by the launcher ({@link #select()}) rather than found by SLF4J's and logback's two
 * ServiceLoader searches, which open every jar on the class path (about 30 ms per run, docs/decisions/0006).
 * Logging starts switched off, as {@link QuietStartConfigurator} has it; {@link RunLog} adds the run's file.
 */
public final class QuietLogbackProvider implements SLF4JServiceProvider {
    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();
    private final ClassLoader resources;

    /** Made by SLF4J from the class name in {@code slf4j.provider}. */
    public QuietLogbackProvider() {
        this(QuietLogbackProvider.class.getClassLoader());
    }

    /** @param resources where a logback-test.xml would be found */
    QuietLogbackProvider(ClassLoader resources) {
        this.resources = resources;
    }

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
        if (resources.getResource("logback-test.xml") != null) {
            // the tests' own configuration wins, as with QuietStartConfigurator
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("logback-test.xml: " + e.getMessage(), e);
            }
        } else {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        }
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

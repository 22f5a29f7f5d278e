package dev.uploader.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class QuietLogbackProviderTest {

    @Test
    void initialize_logsNothingUntilTheRunLogStarts() {
        QuietLogbackProvider provider = new QuietLogbackProvider();

        provider.initialize();

        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        assertEquals(Level.OFF, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals("2.0.99", provider.getRequestedApiVersion());
    }

    @Test
    void select_keepsAProviderChosenOnTheCommandLine() {
        String before = System.getProperty("slf4j.provider");
        try {
            System.setProperty("slf4j.provider", "some.other.Provider");
            QuietLogbackProvider.select();
            assertEquals("some.other.Provider", System.getProperty("slf4j.provider"));
            System.clearProperty("slf4j.provider");
            QuietLogbackProvider.select();
            assertEquals(QuietLogbackProvider.class.getName(), System.getProperty("slf4j.provider"));
        } finally {
            if (before == null) {
                System.clearProperty("slf4j.provider");
            } else {
                System.setProperty("slf4j.provider", before);
            }
        }
    }
}

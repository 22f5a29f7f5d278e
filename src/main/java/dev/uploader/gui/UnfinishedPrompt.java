package dev.uploader.gui;

import dev.uploader.run.UnfinishedChoice;
import dev.uploader.engine.UnfinishedSummary;

/** Asks the person what to do with unfinished uploads; called off the FX thread, may block until answered. */
@FunctionalInterface
public interface UnfinishedPrompt {
    UnfinishedChoice ask(String destination, UnfinishedSummary summary);
}

package dev.uploader.gui;

/** What the main window's menus and buttons ask of the window as a whole (the queue, the look, the language). */
public interface WindowCommands {
    /** Adds the job of the New transfer tab to the queue and shows the queue. */
    void addToQueue();

    void theme(WindowPreferences.Theme theme);

    /** "auto", "en" or "zh-CN": the window is built again in that language. */
    void language(String language);

    WindowPreferences preferences();
}

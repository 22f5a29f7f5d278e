package dev.uploader.gui;

/** Where the main window's job is. */
public enum JobState {
    IDLE, PREPARING, RUNNING, PAUSING, PAUSED, STOPPING;

    public boolean busy() {
        return this == PREPARING || this == RUNNING || this == PAUSING || this == STOPPING;
    }
}

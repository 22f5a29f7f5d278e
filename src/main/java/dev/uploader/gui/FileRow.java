package dev.uploader.gui;

/** A row of the files-in-flight table. */
public record FileRow(String key, long size, long done, String state) {

    public double fraction() {
        return size == 0 ? 1 : (double) done / size;
    }
}

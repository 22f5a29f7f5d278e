package dev.uploader.run;

/** What to do with unfinished uploads found when a job starts. */
public enum UnfinishedChoice { RESUME, CLEAN, CANCEL }

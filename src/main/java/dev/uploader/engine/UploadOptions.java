package dev.uploader.engine;

/** What every new object of a job is written with. {@code storageClass} null means the store's default. */
public record UploadOptions(String storageClass, String contentType) {
}

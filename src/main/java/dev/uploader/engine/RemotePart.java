package dev.uploader.engine;

/** A part of an unfinished multipart upload as ListParts shows it. {@code etag} is without quotes. */
public record RemotePart(int partNumber, long size, String etag) {
}

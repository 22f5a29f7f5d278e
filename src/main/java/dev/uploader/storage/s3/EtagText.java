package dev.uploader.storage.s3;

/** ETags as S3 writes them in headers and XML ({@code "..."}, sometimes {@code W/"..."}) and as the engine keeps them. */
public final class EtagText {
    private EtagText() {
    }

    /** Without quotes; "" for none. */
    public static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    /** In quotes, as If-Match and x-amz-copy-source-if-match want it; null stays null. */
    public static String quote(String etag) {
        return etag == null ? null : "\"" + etag + "\"";
    }
}

package dev.uploader.engine;

/** Object keys: a destination prefix and a source-relative path joined with single slashes. */
public final class ObjectKeys {
    private ObjectKeys() {
    }

    /** "/a//b/" becomes "a/b"; "", "/" and "." mean no prefix. */
    public static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.trim().replace('\\', '/');
        StringBuilder out = new StringBuilder();
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        return out.toString();
    }

    public static String join(String normalizedPrefix, String relativePath) {
        String rel = relativePath.startsWith("/") ? relativePath.substring(1) : relativePath;
        return normalizedPrefix.isEmpty() ? rel : normalizedPrefix + "/" + rel;
    }

    /** What to list so that only keys below the prefix (as a folder) come back. */
    public static String listingPrefix(String normalizedPrefix) {
        return normalizedPrefix.isEmpty() ? "" : normalizedPrefix + "/";
    }
}

package dev.uploader.storage.inventory;

import dev.uploader.engine.SourceEntry;
import dev.uploader.storage.s3.EtagText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;

/**
 * The columns of an inventory's CSV data files, as its manifest's {@code fileSchema} names them, and how one row becomes
 * a source entry. Key and Size must be there; VersionId, IsLatest, IsDeleteMarker, LastModifiedDate and ETag are used
 * where they are.
 */
final class InventoryColumns {
    private final int count;
    private final int key;
    private final int size;
    private final int versionId;
    private final int isLatest;
    private final int isDeleteMarker;
    private final int lastModified;
    private final int etag;

    private InventoryColumns(List<String> names) {
        count = names.size();
        key = indexOf(names, "Key");
        size = indexOf(names, "Size");
        versionId = indexOf(names, "VersionId");
        isLatest = indexOf(names, "IsLatest");
        isDeleteMarker = indexOf(names, "IsDeleteMarker");
        lastModified = indexOf(names, "LastModifiedDate");
        etag = indexOf(names, "ETag");
    }

    /** Empty when Key or Size is missing. */
    static Optional<InventoryColumns> of(List<String> names) {
        InventoryColumns columns = new InventoryColumns(names);
        return columns.key < 0 || columns.size < 0 ? Optional.empty() : Optional.of(columns);
    }

    private static int indexOf(List<String> names, String wanted) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /** A row that cannot be read; {@code key} is its decoded key when that much could be read, else null. */
    static final class BadRow extends RuntimeException {
        final String key;

        BadRow(String key, String reason) {
            super(reason, null, false, false);
            this.key = key;
        }
    }

    /** The row's object key, decoded. */
    String key(CSVRecord row) {
        if (row.size() < count) {
            throw new BadRow(null, "it has " + row.size() + " fields where the manifest's fileSchema names " + count);
        }
        String encoded = row.get(key);
        if (encoded.isEmpty()) {
            throw new BadRow(null, "its Key is empty");
        }
        return decodeKey(encoded);
    }

    /**
     * The row as an entry at {@code relativePath}, or null when it lists no current object (a delete marker, or a
     * version that is not the latest).
     */
    SourceEntry entry(CSVRecord row, String objectKey, String relativePath) {
        if (isDeleteMarker >= 0 && flag(row, isDeleteMarker, false, objectKey, "IsDeleteMarker")) {
            return null;
        }
        if (isLatest >= 0 && !flag(row, isLatest, true, objectKey, "IsLatest")) {
            return null;
        }
        String sizeText = row.get(size).trim();
        long bytes;
        try {
            bytes = Long.parseLong(sizeText);
        } catch (NumberFormatException e) {
            throw new BadRow(objectKey, "its Size \"" + sizeText + "\" is no number");
        }
        if (bytes < 0) {
            throw new BadRow(objectKey, "its Size " + bytes + " is negative");
        }
        return new SourceEntry(relativePath, bytes, lastModifiedMillis(row, objectKey), etag(row), version(row));
    }

    private long lastModifiedMillis(CSVRecord row, String objectKey) {
        if (lastModified < 0 || row.get(lastModified).isBlank()) {
            return 0;
        }
        String text = row.get(lastModified).trim();
        try {
            return Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text)).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new BadRow(objectKey, "its LastModifiedDate \"" + text + "\" is no ISO-8601 time");
        }
    }

    private String etag(CSVRecord row) {
        if (etag < 0) {
            return null;
        }
        String text = EtagText.unquote(row.get(etag));
        return text.isEmpty() ? null : text;
    }

    private String version(CSVRecord row) {
        if (versionId < 0) {
            return null;
        }
        String text = row.get(versionId).trim();
        return text.isEmpty() ? null : text;
    }

    private static boolean flag(CSVRecord row, int column, boolean whenEmpty, String objectKey, String name) {
        String text = row.get(column).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "" -> whenEmpty;
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRow(objectKey, "its " + name + " \"" + row.get(column) + "\" is neither true nor false");
        };
    }

    /**
     * Keys in CSV inventories are URL-encoded the form way: {@code +} is a space, {@code %2B} a plus, and {@code %XX} the
     * bytes of UTF-8. Malformed escapes and byte sequences that are no UTF-8 are refused rather than guessed.
     */
    static String decodeKey(String encoded) {
        byte[] bytes = new byte[encoded.length() * 3];
        int n = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes[n++] = ' ';
            } else if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw new BadRow(null, "its Key \"" + encoded + "\" has a malformed %-escape at position " + (i + 1));
                }
                bytes[n++] = (byte) (high * 16 + low);
                i += 2;
            } else {
                byte[] own = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    own = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(own, 0, bytes, n, own.length);
                n += own.length;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRow(null, "its Key \"" + encoded + "\" decodes to bytes that are no UTF-8");
        }
    }
}

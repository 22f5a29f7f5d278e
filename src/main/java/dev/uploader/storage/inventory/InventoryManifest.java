package dev.uploader.storage.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an S3 Inventory's {@code manifest.json} says: whose objects it lists, in which format and columns, and in which
 * data files. Read with Jackson's streaming parser; fields this listing does not use are skipped.
 *
 * @param fileSchema the column names as the manifest gives them ("Bucket, Key, Size, ..."), or null
 */
record InventoryManifest(String sourceBucket, String fileFormat, String fileSchema, List<DataFile> files) {
    private static final JsonFactory JSON = new JsonFactory();

    /** One data file of the inventory: its key in the inventory's bucket, its size and the MD5 of its (compressed) bytes. */
    record DataFile(String key, long size, String md5) {
    }

    /** The columns of {@link #fileSchema}, trimmed, in order. */
    List<String> columns() {
        List<String> columns = new ArrayList<>();
        if (fileSchema != null) {
            for (String name : fileSchema.split(",")) {
                columns.add(name.trim());
            }
        }
        return columns;
    }

    /** @throws IOException when the text is no JSON object of the expected shape */
    static InventoryManifest parse(byte[] json) throws IOException {
        String sourceBucket = null;
        String fileFormat = null;
        String fileSchema = null;
        List<DataFile> files = null;
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the manifest");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "sourceBucket" -> sourceBucket = text(p, value, field);
                    case "fileFormat" -> fileFormat = text(p, value, field);
                    case "fileSchema" -> fileSchema = text(p, value, field);
                    case "files" -> files = files(p, value);
                    default -> p.skipChildren();
                }
            }
        }
        if (files == null) {
            throw new IOException("it has no \"files\"");
        }
        return new InventoryManifest(sourceBucket, fileFormat, fileSchema, List.copyOf(files));
    }

    private static List<DataFile> files(JsonParser p, JsonToken value) throws IOException {
        expect(value, JsonToken.START_ARRAY, "\"files\"");
        List<DataFile> files = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String key = null;
            Long size = null;
            String md5 = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "key" -> key = text(p, token, field);
                    case "size" -> size = number(p, token);
                    case "MD5checksum" -> md5 = text(p, token, field);
                    default -> p.skipChildren();
                }
            }
            if (key == null || key.isEmpty() || size == null || md5 == null || md5.isEmpty()) {
                throw new IOException("entry " + (files.size() + 1) + " of \"files\" lacks its key, size or MD5checksum");
            }
            files.add(new DataFile(key, size, md5));
        }
        return files;
    }

    private static String text(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new IOException("\"" + field + "\" is no string");
        }
        return p.getText();
    }

    private static Long number(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText().trim());
            } catch (NumberFormatException e) {
                throw new IOException("a size \"" + p.getText() + "\" is no number");
            }
        }
        throw new IOException("a size is no number");
    }

    private static void expect(JsonToken token, JsonToken wanted, String what) throws IOException {
        if (token != wanted) {
            throw new IOException(what + " is no JSON " + (wanted == JsonToken.START_ARRAY ? "array" : "object"));
        }
    }
}

package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.Md5;
import dev.uploader.testing.CliRun;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TwoServerTest;
import dev.uploader.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3_TO_S3 listed from a real S3 Inventory (manifest.json, manifest.checksum, gzipped CSV data files) kept in the
 * source store, through the command line: the objects the inventory names move, whatever else the bucket holds.
 */
class InventoryListingEndToEndTest extends TwoServerTest {

    private static String row(String key, String version, boolean latest, boolean deleteMarker, long size, String etag) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return String.join(",", java.util.stream.Stream.of("inv-src", encoded, version, String.valueOf(latest), String.valueOf(deleteMarker),
                deleteMarker ? "" : String.valueOf(size), "2026-11-30T10:15:30.000Z", etag == null ? "" : etag, "STANDARD")
                .map(f -> "\"" + f + "\"").toList()) + "\n";
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void copy_listedByInventory_onlyItsLatestObjectsMoveByteIdentical() throws Exception {
        sourceStore.createBucket("inv-src");
        sourceStore.createBucket("inv-reports");
        destination.createBucket("inv-dst");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("data/a b.bin", TestFiles.bytes(3000, 1));
        objects.put("data/sub/ü+plus.txt", TestFiles.bytes(700, 2));
        objects.put("data/z-last.bin", TestFiles.bytes(6 * TestFiles.MIB, 3));
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        try (S3Client src = sourceStore.client()) {
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                String etag = src.putObject(b -> b.bucket("inv-src").key(o.getKey()), RequestBody.fromBytes(o.getValue())).eTag().replace("\"", "");
                // listed out of order across the two data files, as inventories are
                (o.getKey().startsWith("data/z") ? first : second).append(row(o.getKey(), "v1", true, false, o.getValue().length, etag));
            }
            src.putObject(b -> b.bucket("inv-src").key("data/not-in-the-inventory.bin"), RequestBody.fromString("newer than the inventory"));
            first.append(row("data/deleted.bin", "v2", true, true, 0, null));
            second.append(row("data/a b.bin", "v0", false, false, 10, "0123456789abcdef0123456789abcdef"));
            String folder = "inv-src/daily/2026-11-30T00-00Z/";
            byte[] one = gzip(first.toString());
            byte[] two = gzip(second.toString());
            src.putObject(b -> b.bucket("inv-reports").key(folder + "data/1.csv.gz"), RequestBody.fromBytes(one));
            src.putObject(b -> b.bucket("inv-reports").key(folder + "data/2.csv.gz"), RequestBody.fromBytes(two));
            String manifest = "{\"sourceBucket\":\"inv-src\",\"destinationBucket\":\"arn:aws:s3:::inv-reports\",\"version\":\"2016-11-30\","
                    + "\"fileFormat\":\"CSV\",\"fileSchema\":\"Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass\","
                    + "\"files\":[{\"key\":\"" + folder + "data/1.csv.gz\",\"size\":" + one.length + ",\"MD5checksum\":\"" + Md5.hex(Md5.of(one, 0, one.length))
                    + "\"},{\"key\":\"" + folder + "data/2.csv.gz\",\"size\":" + two.length + ",\"MD5checksum\":\"" + Md5.hex(Md5.of(two, 0, two.length))
                    + "\"}]}";
            byte[] json = manifest.getBytes(StandardCharsets.UTF_8);
            src.putObject(b -> b.bucket("inv-reports").key(folder + "manifest.json"), RequestBody.fromBytes(json));
            src.putObject(b -> b.bucket("inv-reports").key(folder + "manifest.checksum"), RequestBody.fromString(Md5.hex(Md5.of(json, 0, json.length))));
        }
        Path config = new TestConfig(destination.endpoint(), "inv-dst", "data", home).fromS3(sourceStore.endpoint(), "inv-src")
                .basic("DesPrefix", "copy").write(home.resolve("inventory.ini"));
        Thread.sleep(1100); // see S3ToS3CopyTest: a copy in the second of its source's write is sent again on a rerun

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--inventory",
                "s3://inv-reports/inv-src/daily/2026-11-30T00-00Z/manifest.json");

        assertEquals(0, run.exitCode, run.toString());
        try (S3Client dst = destination.client()) {
            Set<String> keys = dst.listObjectsV2Paginator(b -> b.bucket("inv-dst")).contents().stream().map(S3Object::key)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of("copy/a b.bin", "copy/sub/ü+plus.txt", "copy/z-last.bin"), keys);
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                String key = "copy/" + o.getKey().substring("data/".length());
                assertEquals(TestFiles.md5(new java.io.ByteArrayInputStream(o.getValue())), TestFiles.objectMd5(dst, "inv-dst", key), key);
            }
        }
        assertTrue(run.out.contains("listed by the inventory"), run.out);
    }

    @Test
    void copy_inventoryManifestTampered_oneLineErrorNothingSent() throws Exception {
        sourceStore.createBucket("inv-bad");
        destination.createBucket("inv-bad-dst");
        try (S3Client src = sourceStore.client()) {
            src.putObject(b -> b.bucket("inv-bad").key("inv/manifest.json"), RequestBody.fromString("{\"sourceBucket\":\"inv-bad\",\"files\":[]}"));
            src.putObject(b -> b.bucket("inv-bad").key("inv/manifest.checksum"), RequestBody.fromString("0123456789abcdef0123456789abcdef"));
            src.putObject(b -> b.bucket("inv-bad").key("x.bin"), RequestBody.fromString("x"));
        }
        Path config = new TestConfig(destination.endpoint(), "inv-bad-dst", "", home).fromS3(sourceStore.endpoint(), "inv-bad")
                .write(home.resolve("inventory-bad.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--inventory", "s3://inv-bad/inv/manifest.json");

        assertEquals(3, run.exitCode, run.toString());
        assertTrue(run.err.contains("manifest.checksum"), run.err);
        assertEquals(1, run.err.strip().lines().count(), run.err);
        try (S3Client dst = destination.client()) {
            assertEquals(0, dst.listObjectsV2(b -> b.bucket("inv-bad-dst")).keyCount());
        }
    }
}

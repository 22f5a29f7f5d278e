package dev.uploader.demo;

import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Checks that every file of a folder is in a bucket under a prefix, byte for byte:
 * {@code VerifyObjects ENDPOINT BUCKET PREFIX FOLDER}. Exit 0 when all match. Used by the package smoke test.
 */
public final class VerifyObjects {
    private VerifyObjects() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        String prefix = args[2].isEmpty() ? "" : args[2] + "/";
        Path folder = Path.of(args[3]);
        int bad = 0;
        int checked = 0;
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .build(); Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                String key = prefix + folder.relativize(f).toString().replace('\\', '/');
                boolean same = TestFiles.md5(f).equals(TestFiles.objectMd5(s3, bucket, key));
                System.out.println((same ? "ok   " : "BAD  ") + key);
                bad += same ? 0 : 1;
                checked++;
            }
        }
        System.out.println(checked + " checked, " + bad + " differ");
        System.exit(bad == 0 && checked > 0 ? 0 : 1);
    }
}

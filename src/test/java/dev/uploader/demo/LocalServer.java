package dev.uploader.demo;

import dev.uploader.testing.S3TestServer;
import java.nio.file.Path;

/**
 * A local S3-compatible server to try the uploader by hand:
 * {@code java -cp <test class path> dev.uploader.demo.LocalServer DIR BUCKET...}, or {@code memory} for DIR to keep the
 * objects in memory (bench/scale.sh: S3Proxy's filesystem store walks the disk for every listing page). Keys: see
 * {@link S3TestServer}.
 */
public final class LocalServer {
    private LocalServer() {
    }

    public static void main(String[] args) throws Exception {
        String where = args.length > 0 ? args[0] : "target/local-store";
        S3TestServer server = where.equals("memory") ? S3TestServer.inMemory() : S3TestServer.onDisk(Path.of(where));
        for (int i = 1; i < args.length; i++) {
            server.createBucket(args[i]);
        }
        System.out.println(server.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}

package dev.uploader.demo;

import dev.uploader.testing.S3TestServer;
import java.nio.file.Path;

/**
 * A local S3-compatible server to try the uploader by hand:
 * {@code java -cp <test class path> dev.uploader.demo.LocalServer DIR BUCKET...}. Keys: see {@link S3TestServer}.
 */
public final class LocalServer {
    private LocalServer() {
    }

    public static void main(String[] args) throws Exception {
        S3TestServer server = S3TestServer.onDisk(Path.of(args.length > 0 ? args[0] : "target/local-store"));
        for (int i = 1; i < args.length; i++) {
            server.createBucket(args[i]);
        }
        System.out.println(server.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}

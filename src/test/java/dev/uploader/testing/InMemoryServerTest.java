package dev.uploader.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real S3-compatible server in memory for the test class, and AWS profile files that point at it. */
public abstract class InMemoryServerTest {
    protected static S3TestServer server;
    @TempDir
    protected static Path home;

    @BeforeAll
    static void startInMemoryServer() throws Exception {
        server = S3TestServer.inMemory();
        TestProfiles.write(home.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    @AfterAll
    static void stopInMemoryServer() throws Exception {
        server.close();
    }
}

package dev.uploader.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Two real S3-compatible servers in memory with different keys (a destination, and a source of another account). */
public abstract class TwoServerTest {
    protected static S3TestServer destination;
    protected static S3TestServer sourceStore;
    @TempDir
    protected static Path home;

    @BeforeAll
    static void startTwoServers() throws Exception {
        destination = S3TestServer.inMemory();
        sourceStore = S3TestServer.inMemory(TestProfiles.SOURCE_ACCESS_KEY, TestProfiles.SOURCE_SECRET_KEY);
        TestProfiles.write(home.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    @AfterAll
    static void stopTwoServers() throws Exception {
        destination.close();
        sourceStore.close();
    }
}

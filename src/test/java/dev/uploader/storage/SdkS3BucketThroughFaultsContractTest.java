package dev.uploader.storage;

import dev.uploader.testing.FaultyRelay;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract over the AWS SDK, every third request spoiled by a fault of the network or the store. */
class SdkS3BucketThroughFaultsContractTest extends SdkS3BucketContractTest {
    private static FaultyRelay relay;

    @BeforeAll
    static void relay() throws Exception {
        relay = startFaultyRelay();
    }

    @AfterAll
    static void faultsWereDealt() throws Exception {
        closeCheckingEveryFaultWasDealt(relay);
    }

    @Override
    protected URI endpoint() {
        return relay.endpoint();
    }

    @Override
    protected boolean faulty() {
        return true;
    }
}

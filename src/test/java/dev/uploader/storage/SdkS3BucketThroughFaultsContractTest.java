package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.FaultyRelay;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract over the AWS SDK, every third request spoiled by a fault of the network or the store. */
class SdkS3BucketThroughFaultsContractTest extends SdkS3BucketContractTest {
    private static FaultyRelay relay;

    @BeforeAll
    static void relay() throws Exception {
        relay = new FaultyRelay(server.endpoint(), 3);
    }

    @AfterAll
    static void faultsWereInjected() throws Exception {
        for (FaultyRelay.Fault fault : FaultyRelay.Fault.values()) {
            assertTrue(relay.injected(fault) > 0, "no " + fault + " in " + relay.requests() + " requests");
        }
        relay.close();
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

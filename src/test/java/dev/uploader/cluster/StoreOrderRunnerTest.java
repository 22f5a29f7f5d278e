package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.ConfigLoader;
import dev.uploader.config.IniValues;
import dev.uploader.config.JobConfig;
import dev.uploader.config.JobType;
import dev.uploader.engine.BandwidthLimiter;
import dev.uploader.engine.Lease;
import dev.uploader.engine.MemoryBudget;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.StoreResumeLedger;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TwoServerTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Orders run by a worker's runner over two real S3-compatible servers (S3Proxy), without a queue. */
class StoreOrderRunnerTest extends TwoServerTest {
    private static final long MIB = TestFiles.MIB;

    private StoreOrderRunner runner(String src, String dst, long bytesPerSecond) throws Exception {
        return runner(src, dst, bytesPerSecond, "");
    }

    private StoreOrderRunner runner(String src, String dst, long bytesPerSecond, String moreIni) throws Exception {
        destination.createBucket(dst);
        java.nio.file.Path ini = new TestConfig(destination.endpoint(), dst, "data", home)
                .fromS3(sourceStore.endpoint(), src).basic("DesPrefix", "copy").write(home.resolve(dst + ".ini"));
        java.nio.file.Files.writeString(ini, moreIni, java.nio.file.StandardOpenOption.APPEND);
        JobConfig job = new ConfigLoader(IniValues.read(ini), Map.of()).load();
        return new StoreOrderRunner(job, new S3ClientFactory(), StoreResumeLedger.DEFAULT_PREFIX, false, new BandwidthLimiter(bytesPerSecond),
                new MemoryBudget(256 * MIB));
    }

    private static TransferOrder order(String src, String dst, String name, long size) {
        return new TransferOrder(JobType.S3_TO_S3, src, "data", dst, "copy", 5 * MIB, List.of(new TransferOrder.Item(name, size, null, false)));
    }

    @Test
    void run_bigObject_bytesOnTheWireToldAsTheyGoNotOnlyAtTheEnd() throws Exception {
        sourceStore.createBucket("wire-src");
        byte[] data = TestFiles.bytes(24 * MIB, 41);
        try (S3Client s3 = sourceStore.client()) {
            s3.putObject(b -> b.bucket("wire-src").key("data/big.bin"), RequestBody.fromBytes(data));
        }
        List<long[]> told = new CopyOnWriteArrayList<>();
        try (StoreOrderRunner runner = runner("wire-src", "wire-dst", 8 * MIB)) {
            List<OrderRunner.ObjectResult> results = runner.run(order("wire-src", "wire-dst", "big.bin", data.length), Lease.ALWAYS, stop -> { },
                    n -> told.add(new long[] {System.nanoTime(), n}));
            long ended = System.nanoTime();

            assertEquals(OrderRunner.Outcome.DONE, results.get(0).outcome(), results.get(0).detail());
            assertTrue(told.stream().mapToLong(t -> t[1]).sum() >= data.length, "every byte told");
            assertTrue(told.size() >= 3 && ended - told.get(0)[0] > 1_000_000_000L, "told while the object was on its way, not once at its end: "
                    + told.size() + " times");
        }
    }

    @Test
    void run_nameWithDotDotParts_refusedAndNothingReadOrWrittenOutsideThePrefixes() throws Exception {
        sourceStore.createBucket("dots-src");
        try (S3Client s3 = sourceStore.client()) {
            s3.putObject(b -> b.bucket("dots-src").key("outside.txt"), RequestBody.fromBytes(TestFiles.bytes(100, 42)));
        }
        try (StoreOrderRunner runner = runner("dots-src", "dots-dst", 0)) {
            for (String name : List.of("../outside.txt", "a/./b.txt", "a/..")) {
                OrderRunner.ObjectResult result = runner.run(order("dots-src", "dots-dst", name, 100), Lease.ALWAYS, stop -> { }, n -> { }).get(0);

                assertEquals(OrderRunner.Outcome.FAILED, result.outcome(), name);
                assertTrue(result.detail().contains("'.' or '..'"), result.detail());
            }
        }
        try (S3Client s3 = destination.client()) {
            assertTrue(s3.listObjectsV2(b -> b.bucket("dots-dst")).contents().isEmpty(), "nothing written");
        }
    }

    @Test
    void run_namesTheWorkersFiltersLeaveOut_leftOutEvenWhenGoneAndNeverDeleted() throws Exception {
        sourceStore.createBucket("filter-src");
        byte[] kept = TestFiles.bytes(300, 43);
        try (StoreOrderRunner runner = runner("filter-src", "filter-dst", 0, "\n[Filter]\nExclude = *.tmp\n")) {
            try (S3Client dst = destination.client()) {
                dst.putObject(b -> b.bucket("filter-dst").key("copy/scratch.tmp"), RequestBody.fromBytes(kept));
            }
            TransferOrder deletions = new TransferOrder(JobType.S3_TO_S3, "filter-src", "data", "filter-dst", "copy", 0,
                    List.of(new TransferOrder.Item("scratch.tmp", -1, null, true)));
            OrderRunner.ObjectResult deletion = runner.run(deletions, Lease.ALWAYS, stop -> { }, n -> { }).get(0);
            // an S3 event of an excluded key whose object is already gone again
            OrderRunner.ObjectResult gone = runner.run(order("filter-src", "filter-dst", "vanished.tmp", 10), Lease.ALWAYS, stop -> { }, n -> { }).get(0);

            assertEquals(OrderRunner.Outcome.LEFT_OUT, deletion.outcome(), deletion.detail());
            assertEquals(OrderRunner.Outcome.LEFT_OUT, gone.outcome(), gone.detail());
        }
        try (S3Client s3 = destination.client()) {
            assertEquals(300, s3.headObject(b -> b.bucket("filter-dst").key("copy/scratch.tmp")).contentLength(), "never deleted");
        }
    }
}

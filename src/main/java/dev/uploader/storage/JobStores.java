package dev.uploader.storage;

import dev.uploader.config.JobConfig;
import dev.uploader.config.OssSourceConfig;
import dev.uploader.config.S3ClientChoice;
import dev.uploader.config.S3SourceConfig;
import dev.uploader.engine.JobSettings;
import dev.uploader.engine.MemoryBudget;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.Source;
import dev.uploader.engine.UploadJob;
import dev.uploader.config.SelectionConfig;
import dev.uploader.engine.ListedSource;
import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.TransferException;
import java.util.Optional;
import dev.uploader.engine.select.SourceFilter;
import dev.uploader.storage.inventory.InventoryListing;
import dev.uploader.storage.inventory.InventoryLocation;
import dev.uploader.storage.local.LocalDirectorySource;
import dev.uploader.storage.oss.OssSource;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.S3Source;
import dev.uploader.storage.s3.StoreSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The destination store and the source of one validated job, opened together and closed together: what the
 * command line and the desktop app both turn a {@link JobConfig} into.
 */
public final class JobStores implements AutoCloseable {
    private final JobConfig job;
    private final S3Bucket destination;
    private Source source;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private JobStores(JobConfig job, S3Bucket destination, Source source) {
        this.job = job;
        this.destination = destination;
        this.source = source;
    }

    /** @throws dev.uploader.engine.TransferException.Fatal when a profile or its credentials are missing */
    public static JobStores open(JobConfig job, S3ClientFactory clients) {
        return open(job, clients, null);
    }

    /** A list of names to move instead of the source's listing ({@code --files-from}): its lines, and its name for messages. */
    public record NameList(String name, List<String> lines) {
    }

    /**
     * @param names the names to move, or null to list the source
     * @throws dev.uploader.engine.TransferException.Fatal when a profile or its credentials are missing
     */
    public static JobStores open(JobConfig job, S3ClientFactory clients, NameList names) {
        int connections = job.maxThread() * job.maxParallelFile();
        StoreSettings settings = new StoreSettings(job.s3Client() == S3ClientChoice.SDK, java.time.Duration.ofSeconds(job.idleTimeoutSeconds()),
                job.caBundle());
        S3Location location = new S3Location(job.desEndpoint(), job.desProfileName(), job.desRegion(), job.desPathStyle());
        S3Bucket destination = clients.openStore(location, job.desBucket(), connections, settings);
        try {
            JobStores stores;
            switch (job.jobType()) {
                case S3_TO_S3 -> {
                    S3SourceConfig src = job.s3Source();
                    S3Location srcLocation = new S3Location(src.endpoint(), src.profile(), src.region(), src.pathStyle());
                    S3Bucket sourceBucket = clients.openStore(srcLocation, src.bucket(), connections, settings);
                    boolean sameStore = Objects.equals(src.endpoint(), job.desEndpoint());
                    Source s3 = new S3Source(sourceBucket, src.prefix(), job.srcFileIndex(), sameStore);
                    List<AutoCloseable> extra = new ArrayList<>();
                    if (job.inventory() != null && names == null) {
                        try {
                            InventoryLocation where = InventoryListing.parse(job.inventory());
                            S3Bucket inventoryBucket = where.bucket().equals(src.bucket()) ? sourceBucket
                                    : clients.openStore(srcLocation, where.bucket(), 2, settings);
                            if (inventoryBucket != sourceBucket) {
                                extra.add(inventoryBucket);
                            }
                            InventoryListing listing = new InventoryListing(inventoryBucket, where.manifestKey(), src.bucket(), src.prefix(),
                                    java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
                            s3 = new ListingFromInventory(s3, listing, where.describe(), inventoryBucket);
                        } catch (RuntimeException e) {
                            sourceBucket.close();
                            throw e;
                        }
                    }
                    stores = new JobStores(job, destination, s3);
                    stores.resources.add(sourceBucket);
                    stores.resources.addAll(extra);
                }
                case ALIOSS_TO_S3 -> {
                    OssSourceConfig src = job.ossSource();
                    TrustedCertificates trust = "https".equalsIgnoreCase(src.endpoint().getScheme())
                            ? TrustedCertificates.forSettings(settings.caBundle()) : null;
                    OssSource oss = new OssSource(OssSource.client(src.endpoint(), src.accessKeyId(), src.accessKeySecret(), connections,
                            settings.idleTimeout(), trust == null ? null : trust.trustManager()),
                            src.bucket(), src.prefix(), job.srcFileIndex(), settings.idleTimeout());
                    stores = new JobStores(job, destination, oss);
                    stores.resources.add(oss);
                }
                default -> stores = new JobStores(job, destination, new LocalDirectorySource(job.srcDir(), job.srcFileIndex()));
            }
            stores.resources.add(destination);
            if (names != null) {
                stores.source = new ListedSource(stores.source, names.lines(), names.name());
            }
            return stores;
        } catch (RuntimeException e) {
            destination.close();
            throw e;
        }
    }

    public Source source() {
        return source;
    }

    /** {@code s3://bucket/prefix} of the destination. */
    public String destinationText() {
        return "s3://" + job.desBucket() + (job.s3Prefix().isEmpty() ? "" : "/" + job.s3Prefix());
    }

    /** The job over these stores. */
    public UploadJob newJob(ProgressListener listener, ResumeLedger ledger, boolean serverSideCopy) {
        return new UploadJob(source, destination, job.s3Prefix(), settings(), listener, RetryPolicy.standard(job.maxRetry()),
                ledger, serverSideCopy, new UploadJob.Selection(filter(), job.selection().checksum()));
    }

    /**
     * A job of a cluster worker over these stores: only the names an order gives, each looked up in the source, cut
     * into the part size its sender fixed, under the worker's lease and within its shared bandwidth and memory.
     *
     * @param names         names below the source's folder or prefix
     * @param fixedPartSize 0 for the part-size rule
     */
    public UploadJob newOrderJob(List<String> names, String listName, ResumeLedger ledger, boolean serverSideCopy, long fixedPartSize,
                                 UploadJob.Shared shared, ProgressListener listener) {
        return new UploadJob(new ListedSource(source, names, listName, true), destination, job.s3Prefix(), settings().withFixedPartSize(fixedPartSize),
                listener, RetryPolicy.standard(job.maxRetry()), ledger, serverSideCopy,
                new UploadJob.Selection(filter(), job.selection().checksum()), shared);
    }

    /** Whether the source is a local folder (its parts are proven by reading them again, without resume records). */
    public boolean localSource() {
        return source.isLocal();
    }

    /** Resume records kept in the destination bucket under {@code prefix}, where every worker finds them. */
    public ResumeLedger ledgerInDestination(String prefix) {
        return new StoreResumeLedger(destination, prefix);
    }

    /**
     * The source's entry of a name now (a HEAD or a stat), or empty when the source has none.
     *
     * @throws dev.uploader.engine.TransferException when the source cannot tell
     */
    public Optional<SourceEntry> lookUp(String name) {
        try {
            return Optional.of(source.refresh(new SourceEntry(name, -1, 0)));
        } catch (TransferException.SourceGone e) {
            return Optional.empty();
        }
    }

    /** Deletes the destination's object of a name (an S3 event's deletion carried over); a missing object is no error. */
    public void deleteAtDestination(String name) {
        destination.deleteObject(destinationKey(name));
    }

    /** s3://bucket/key of a name at the destination. */
    public String destinationOf(String name) {
        return "s3://" + job.desBucket() + "/" + destinationKey(name);
    }

    /** The destination key of a name below the source. */
    public String destinationKey(String name) {
        return ObjectKeys.join(ObjectKeys.normalizePrefix(job.s3Prefix()), name);
    }

    private JobSettings settings() {
        return new JobSettings(job.chunkSizeMiB(), job.maxRetry(), job.maxThread(), job.maxParallelFile(),
                job.storageClass(), job.verifyMd5(), job.ignoreSmallFile(), job.bandwidthLimit(),
                job.memoryBudget() > 0 ? job.memoryBudget() : MemoryBudget.defaultLimit());
    }

    private SourceFilter filter() {
        SelectionConfig chosen = job.selection();
        return new SourceFilter(chosen.includes(), chosen.excludes(), chosen.minSize(), chosen.maxSize(), chosen.newerThan(), chosen.olderThan());
    }

    /** Whether the job's filters leave this name out whatever its object (its patterns alone). */
    public boolean leavesOutName(String name) {
        return filter().leavesOutName(name);
    }

    /** The filters in words for the log and the summary, or null when everything moves. */
    public String filterText() {
        SourceFilter filter = filter();
        return filter.isAll() ? null : filter.describe();
    }

    /**
     * With CreateBucket, a destination bucket that cannot be listed is created first, before any of its objects is sent;
     * without, nothing happens here (the job's access check says what is wrong).
     *
     * @return true when the bucket was created
     */
    public boolean createDestinationIfMissing() {
        if (!job.createBucket()) {
            return false;
        }
        try {
            destination.checkAccess("");
            return false;
        } catch (dev.uploader.engine.TransferException.Fatal missing) {
            try {
                destination.createBucket();
            } catch (dev.uploader.engine.TransferException.Fatal e) {
                throw new dev.uploader.engine.TransferException.Fatal("cannot create bucket " + job.desBucket() + " (CreateBucket): "
                        + e.getMessage() + "; before that: " + missing.getMessage(), e);
            }
            return true;
        }
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // closing clients: nothing left to do
            }
        }
    }
}

package dev.uploader.storage;

import dev.uploader.storage.http.HttpS3Bucket;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.StoreSettings;
import dev.uploader.storage.s3.sdk.ContentMd5SigV4Scheme;
import dev.uploader.storage.s3.sdk.SdkS3Bucket;

import dev.uploader.engine.TransferException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;

/** Builds S3 clients that every S3-compatible store accepts: Content-MD5 instead of CRC32 flexible checksums. */
public final class S3ClientFactory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3ClientFactory.class);
    private static final String DEFAULT_PROFILE = "default";

    private final List<ExecutionInterceptor> interceptors;

    public S3ClientFactory() {
        this(List.of());
    }

    /**
     * @param interceptors added to every client; tests use them to inject faults a real server cannot show. With
     *                     interceptors every request goes through the SDK client, data too (see {@link #openStore})
     */
    public S3ClientFactory(List<ExecutionInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /**
     * The bucket as a store: over the uploader's own HTTP client ({@link HttpS3Bucket}) where it can address the
     * bucket, otherwise, or when {@code forceSdk}, over the AWS SDK ({@link SdkS3Bucket}, its client built when first
     * needed).
     *
     * @throws TransferException.Fatal when the profile does not exist or has no credentials
     */
    public S3Bucket openStore(S3Location location, String bucket, int maxConnections, StoreSettings settings) {
        AwsCredentialsProvider credentials = credentials(location.profile());
        java.util.function.Supplier<TrustedCertificates> trust = trust(location, settings);
        Optional<HttpS3Bucket> own = settings.forceSdk() || !interceptors.isEmpty() ? Optional.empty()
                : HttpS3Bucket.forBucket(location, bucket, credentials, region(location).id(), System.getenv(), settings,
                        () -> trust.get() == null ? (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault()
                                : trust.get().socketFactory());
        if (own.isPresent()) {
            LOG.info("s3://{} at {}: the own HTTP client", bucket, location.endpoint());
            return own.get();
        }
        LOG.info("s3://{} at {}: the AWS SDK{}", bucket, location.isAws() ? "AWS" : location.endpoint(),
                settings.forceSdk() ? " (S3Client = sdk)" : "");
        return new SdkS3Bucket(() -> create(location, maxConnections, credentials, settings, trust.get()), bucket, location.profile(),
                location.endpoint(), settings);
    }

    /** {@link #openStore(S3Location, String, int, StoreSettings)} with the default settings, or the SDK when {@code forceSdk}. */
    public S3Bucket openStore(S3Location location, String bucket, int maxConnections, boolean forceSdk) {
        StoreSettings defaults = StoreSettings.defaults();
        return openStore(location, bucket, maxConnections, new StoreSettings(forceSdk, defaults.idleTimeout(), defaults.caBundle()));
    }

    /** {@link #openStore(S3Location, String, int, boolean)} with the own client where it can address the bucket. */
    public S3Bucket openStore(S3Location location, String bucket, int maxConnections) {
        return openStore(location, bucket, maxConnections, false);
    }

    /**
     * The CA bundle to trust besides the system's, as aws-cli finds it: the settings' (CaBundle, --ca-bundle), else
     * {@code AWS_CA_BUNDLE}, else the profile's {@code ca_bundle}; null where none is given. Read once, when a TLS
     * connection first needs it.
     */
    private java.util.function.Supplier<TrustedCertificates> trust(S3Location location, StoreSettings settings) {
        if (!location.isAws() && !"https".equalsIgnoreCase(location.endpoint().getScheme())) {
            return () -> null; // plain http: no certificates to check
        }
        Optional<TrustedCertificates.Bundle> given = TrustedCertificates.givenBundle(settings.caBundle());
        if (given.isEmpty()) {
            String profile = location.profile() == null || location.profile().isBlank() ? DEFAULT_PROFILE : location.profile().trim();
            given = profileFile().profile(profile).flatMap(p -> p.property("ca_bundle")).filter(v -> !v.isBlank())
                    .map(v -> new TrustedCertificates.Bundle(Path.of(v.trim()), "ca_bundle of the profile"));
        }
        if (given.isEmpty()) {
            return () -> null;
        }
        Path bundle = given.get().path();
        String from = given.get().from();
        TrustedCertificates[] read = new TrustedCertificates[1];
        return () -> {
            synchronized (read) {
                if (read[0] == null) {
                    read[0] = TrustedCertificates.withBundle(bundle, from);
                }
                return read[0];
            }
        };
    }

    /**
     * @param maxConnections connections in the pool: at least the requests the job keeps in flight
     * @throws TransferException.Fatal when the profile does not exist or has no credentials
     */
    public S3Client create(S3Location location, int maxConnections) {
        return create(location, maxConnections, credentials(location.profile()), StoreSettings.defaults(), trust(location, StoreSettings.defaults()).get());
    }

    /** A client with keys given here rather than from a profile (to test keys before they are saved). */
    public S3Client create(S3Location location, int maxConnections, String accessKeyId, String secretAccessKey) {
        return create(location, maxConnections, StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)),
                StoreSettings.defaults(), trust(location, StoreSettings.defaults()).get());
    }

    private S3Client create(S3Location location, int maxConnections, AwsCredentialsProvider credentials, StoreSettings settings,
                            TrustedCertificates trust) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .maxConnections(Math.max(8, maxConnections + 4))
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(settings.idleTimeout())
                .connectionAcquisitionTimeout(Duration.ofMinutes(10));
        if (trust != null) {
            http.tlsTrustManagersProvider(trust::trustManagers);
        }
        var builder = S3Client.builder()
                .credentialsProvider(credentials)
                .region(region(location))
                .forcePathStyle(location.usesPathStyle())
                // every body carries Content-MD5, a signed header the store checks: a second hash of the payload
                // (SHA-256, aws-chunked over http) would only cost CPU
                .putAuthScheme(new ContentMd5SigV4Scheme())
                .authSchemeProvider(params -> S3AuthSchemeProvider.defaultProvider().resolveAuthScheme(params).stream()
                        .map(option -> option.toBuilder()
                                .putSignerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                                .putSignerProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
                                .build())
                        .toList())
                // the SDK's CRC32 defaults break many S3-compatible stores; every request carries Content-MD5
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        // the engine retries with its own policy, per request, and knows which errors are worth it
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        // a request without data of its own must end within four idle timeouts (an answer dripped a byte at
                        // a time never trips the socket timeout); data requests set a deadline from their size
                        .apiCallAttemptTimeout(settings.idleTimeout().multipliedBy(4))
                        .executionInterceptors(interceptors)
                        .build());
        if (location.isAws()) {
            builder.crossRegionAccessEnabled(true);
        } else {
            builder.endpointOverride(location.endpoint());
        }
        return builder.build();
    }

    public static AwsCredentialsProvider credentials(String profile) {
        String name = profile == null || profile.isBlank() ? DEFAULT_PROFILE : profile.trim();
        AwsCredentialsProvider provider;
        if (name.equals(DEFAULT_PROFILE)) {
            provider = defaultChain();
        } else {
            if (profileFile().profile(name).isEmpty()) {
                throw new TransferException.Fatal("profile '" + name + "' is not in " + describeProfileFiles()
                        + "; add it (aws configure --profile " + name + ") or set DesProfileName/SrcProfileName to an existing profile", null);
            }
            provider = ProfileCredentialsProvider.builder().profileName(name).build();
        }
        try {
            provider.resolveCredentials();
        } catch (SdkClientException | IllegalStateException | IllegalArgumentException e) {
            throw new TransferException.Fatal("no usable credentials for profile '" + name + "': put aws_access_key_id and "
                    + "aws_secret_access_key in " + describeProfileFiles() + " or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                    + " (" + brief(e.getMessage()) + ")", e);
        }
        return provider;
    }

    /**
     * The SDK's default chain (system properties, environment, web identity, the default profile, containers),
     * asking the EC2 instance metadata service only on EC2: elsewhere that address is not ours to call.
     */
    private static AwsCredentialsProvider defaultChain() {
        var chain = new java.util.ArrayList<AwsCredentialsProvider>(List.of(
                SystemPropertyCredentialsProvider.create(),
                EnvironmentVariableCredentialsProvider.create(),
                WebIdentityTokenFileCredentialsProvider.create(),
                ProfileCredentialsProvider.create(),
                ContainerCredentialsProvider.builder().build()));
        if (onEc2()) {
            chain.add(InstanceProfileCredentialsProvider.create());
        }
        return AwsCredentialsProviderChain.builder().credentialsProviders(chain).build();
    }

    private static boolean onEc2() {
        for (String file : new String[] {"/sys/devices/virtual/dmi/id/sys_vendor", "/sys/devices/virtual/dmi/id/board_vendor",
                "/sys/hypervisor/uuid"}) {
            try {
                String text = java.nio.file.Files.readString(Path.of(file)).trim().toLowerCase(java.util.Locale.ROOT);
                if (text.contains("amazon") || text.startsWith("ec2")) {
                    return true;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not there: not Linux on EC2
            }
        }
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("windows")
                && System.getenv("AWS_EXECUTION_ENV") != null;
    }

    /** The SDK's message without the list of every provider it tried. */
    private static String brief(String message) {
        String line = firstLine(message);
        int chain = line.indexOf(" : [");
        if (chain > 0) {
            line = line.substring(0, chain);
        }
        int providers = line.indexOf("AwsCredentialsProviderChain(");
        if (providers > 0) {
            line = line.substring(0, providers).trim();
        }
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    public static Region region(S3Location location) {
        if (location.region() != null && !location.region().isBlank()) {
            return Region.of(location.region().trim());
        }
        String profile = location.profile() == null || location.profile().isBlank() ? DEFAULT_PROFILE : location.profile().trim();
        Optional<String> fromProfile = profileFile().profile(profile).flatMap(p -> p.property("region"));
        if (fromProfile.isPresent() && !fromProfile.get().isBlank()) {
            return Region.of(fromProfile.get().trim());
        }
        if (!location.isAws()) {
            return Region.US_EAST_1;
        }
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return Region.of(value.trim());
            }
        }
        // cross-region access finds the bucket's own region; no need to ask instance metadata
        return Region.US_EAST_1;
    }

    private static ProfileFile profileFile() {
        try {
            return ProfileFile.defaultProfileFile();
        } catch (RuntimeException e) {
            throw new TransferException.Fatal("cannot read the AWS profile files " + describeProfileFiles() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    static String describeProfileFiles() {
        Path credentials = ProfileFileLocation.credentialsFilePath();
        Path config = ProfileFileLocation.configurationFilePath();
        return credentials + " or " + config;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

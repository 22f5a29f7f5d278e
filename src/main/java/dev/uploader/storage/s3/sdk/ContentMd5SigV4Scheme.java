package dev.uploader.storage.s3.sdk;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 without hashing the payload, also over plain http. The SDK always signs the payload (SHA-256) when the
 * endpoint is http, which reads every body twice and costs a second hash on top of the MD5 every request
 * already carries. Every body here carries Content-MD5, a signed header the store checks, so the body is
 * protected all the same; the signer is shown the request as https (the protocol is not part of a SigV4
 * signature: method, path, query and headers are) and signs with UNSIGNED-PAYLOAD.
 */
public final class ContentMd5SigV4Scheme implements AuthScheme<AwsCredentialsIdentity> {
    private final AwsV4AuthScheme delegate = AwsV4AuthScheme.create();

    @Override
    public String schemeId() {
        return delegate.schemeId();
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return delegate.identityProvider(providers);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
        HttpSigner<AwsCredentialsIdentity> inner = delegate.signer();
        return new HttpSigner<>() {
            @Override
            public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
                SdkHttpRequest http = request.request();
                if (!"http".equalsIgnoreCase(http.protocol())) {
                    return inner.sign(request);
                }
                int port = http.port();
                SdkHttpRequest asHttps = http.toBuilder().protocol("https").port(port).build();
                SignedRequest signed = inner.sign(request.toBuilder().request(asHttps).build());
                return signed.toBuilder().request(signed.request().toBuilder().protocol("http").port(port).build()).build();
            }

            @Override
            public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
                return inner.signAsync(request);
            }
        };
    }
}

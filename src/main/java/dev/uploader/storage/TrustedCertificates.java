package dev.uploader.storage;

import dev.uploader.engine.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a TLS connection to a store trusts: the system's (the JDK's trust store) and those of a
 * CA bundle, a PEM file as aws-cli takes it ({@code AWS_CA_BUNDLE}, a profile's {@code ca_bundle}, or the uploader's
 * {@code CaBundle} key), so that a MinIO or Ceph behind a private certificate authority can be reached. Both clients
 * use it: the own HTTP client's sockets and the AWS SDK's trust managers.
 */
public final class TrustedCertificates {
    private final X509TrustManager trust;

    private TrustedCertificates(X509TrustManager trust) {
        this.trust = trust;
    }

    /**
     * The system's authorities and those of {@code bundle}.
     *
     * @param from what named the bundle, for the message when it cannot be read
     * @throws TransferException.Fatal when the bundle cannot be read or holds no certificate
     */
    public static TrustedCertificates withBundle(Path bundle, String from) {
        List<X509Certificate> extra = new ArrayList<>();
        try (InputStream in = Files.newInputStream(bundle)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate c : read) {
                if (c instanceof X509Certificate x509) {
                    extra.add(x509);
                }
            }
        } catch (IOException | CertificateException e) {
            throw new TransferException.Fatal("cannot read the CA bundle " + bundle + " (" + from + "): " + e.getMessage()
                    + "; give a PEM file of certificates", e);
        }
        if (extra.isEmpty()) {
            throw new TransferException.Fatal("the CA bundle " + bundle + " (" + from + ") holds no certificate; give a PEM file of certificates", null);
        }
        try {
            X509TrustManager system = trustManager(null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < extra.size(); i++) {
                store.setCertificateEntry("bundle-" + i, extra.get(i));
            }
            return new TrustedCertificates(new EitherTrustManager(system, trustManager(store)));
        } catch (IOException | GeneralSecurityException e) {
            throw new TransferException.Fatal("cannot use the CA bundle " + bundle + " (" + from + "): " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** The one trust manager: the system's authorities or the bundle's. */
    public X509TrustManager trustManager() {
        return trust;
    }

    /**
     * For a store that is not reached through AWS profiles (OSS): the settings' bundle (CaBundle, --ca-bundle), else
     * {@code AWS_CA_BUNDLE}; null where neither is given.
     */
    public static TrustedCertificates forSettings(Path caBundle) {
        return givenBundle(caBundle).map(b -> withBundle(b.path(), b.from())).orElse(null);
    }

    /** A CA bundle and what named it, for the message when it cannot be read. */
    public record Bundle(Path path, String from) {
    }

    /** The bundle the settings (CaBundle, --ca-bundle) name, else {@code AWS_CA_BUNDLE}'s; empty where neither does. */
    public static java.util.Optional<Bundle> givenBundle(Path caBundle) {
        if (caBundle != null) {
            return java.util.Optional.of(new Bundle(caBundle, "CaBundle"));
        }
        String env = System.getenv("AWS_CA_BUNDLE");
        return env == null || env.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(new Bundle(Path.of(env.trim()), "AWS_CA_BUNDLE"));
    }

    public TrustManager[] trustManagers() {
        return new TrustManager[] {trust};
    }

    public SSLSocketFactory socketFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new TransferException.Fatal("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Trusts a chain either manager trusts. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkClientTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            all.addAll(List.of(second.getAcceptedIssuers()));
            return all.toArray(new X509Certificate[0]);
        }
    }
}

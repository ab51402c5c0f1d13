package io.tracejob.operator.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The bearer token and CA bundle for the allowed Prometheus servers, from a directory where the
 * chart mounts a Secret of the operator's namespace (keys {@code token} and {@code ca.crt}, both
 * optional). Mounted rather than read through the API: the operator needs no permission on Secrets,
 * and the kubelet keeps the files current, so the token is read again for every query.
 */
public final class PrometheusCredentials {
    public static final String TOKEN_FILE = "token";
    public static final String CA_FILE = "ca.crt";

    private final Path dir;

    private PrometheusCredentials(Path dir) {
        this.dir = dir;
    }

    /** {@code dir} null: no token, the JVM's default trust store. */
    public static PrometheusCredentials in(Path dir) {
        return new PrometheusCredentials(dir);
    }

    /** The bearer token, trimmed; empty without a token file. */
    public Optional<String> token() throws IOException {
        if (dir == null || !Files.isRegularFile(dir.resolve(TOKEN_FILE))) return Optional.empty();
        String token = Files.readString(dir.resolve(TOKEN_FILE), StandardCharsets.UTF_8).trim();
        if (token.isEmpty() || !token.matches("[\\x21-\\x7e]+")) {
            throw new IOException(
                    dir.resolve(TOKEN_FILE)
                            + " must hold one token of printable characters without spaces");
        }
        return Optional.of(token);
    }

    /**
     * TLS trusting only the CA file's certificates when there is one, else the JVM's defaults.
     *
     * @throws IllegalArgumentException naming the file when it holds no usable certificate
     */
    public SSLContext tls() {
        Path ca = dir == null ? null : dir.resolve(CA_FILE);
        try {
            if (ca == null || !Files.isRegularFile(ca)) return SSLContext.getDefault();
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(ca)) {
                int i = 0;
                for (Certificate c :
                        CertificateFactory.getInstance("X.509").generateCertificates(in))
                    trust.setCertificateEntry("ca-" + i++, c);
                if (i == 0) throw new GeneralSecurityException("no certificate in the file");
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "prometheus-credentials-dir: "
                            + ca
                            + " is not a PEM CA bundle: "
                            + e.getMessage(),
                    e);
        }
    }
}

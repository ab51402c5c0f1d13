package io.tracejob.operator.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tracejob.operator.prometheus.PrometheusFailure.Kind;
import io.tracejob.operator.prometheus.PrometheusQueries.Answered;
import io.tracejob.operator.prometheus.PrometheusQueries.Ask;
import io.tracejob.operator.prometheus.PrometheusQueries.Failed;
import io.tracejob.operator.prometheus.PrometheusQueries.Poll;
import io.tracejob.operator.prometheus.PrometheusQueries.Waiting;
import io.tracejob.operator.testsupport.ScriptedHttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https with the CA of the mounted credentials Secret: a server whose certificate that CA signed
 * answers; without the CA the JVM's trust store refuses it, and that is final, not retried.
 */
class PrometheusTlsTest {
    private static final String PASSWORD = "test-only";
    @TempDir Path dir;
    private HttpsServer server;
    private PrometheusClient client;

    @BeforeEach
    void serveHttpsWithASelfSignedCertificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "prometheus",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        Path creds = Files.createDirectories(dir.resolve("creds"));
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "prometheus",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                creds.resolve(PrometheusCredentials.CA_FILE).toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext(
                "/",
                ex -> {
                    byte[] body =
                            ScriptedHttpServer.vector("{\"pod\":\"shop-a\"}", "1")
                                    .getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        server.stop(0);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private Poll ask(Path credentials) throws InterruptedException {
        client = PrometheusClient.of(List.of(url()), false, credentials, Duration.ofSeconds(2));
        PrometheusQueries<String> q = new PrometheusQueries<>(client);
        LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
        q.listen(done::add);
        Ask ask = new Ask(url(), "spec.target.slowestBy.prometheus.url", "up");
        Poll p = q.poll("job", ask, Duration.ofSeconds(10));
        while (p instanceof Waiting) {
            assertThat(done.poll(30, TimeUnit.SECONDS)).isEqualTo("job");
            p = q.poll("job", ask, Duration.ofSeconds(10));
        }
        return p;
    }

    @Test
    void theSecretsCaLetsTheOperatorTrustItsPrometheus() throws Exception {
        assertThat(ask(dir.resolve("creds"))).isInstanceOf(Answered.class);
    }

    @Test
    void withoutItTheCertificateIsRefusedAtOnce() throws Exception {
        assertThat(ask(null))
                .isInstanceOfSatisfying(
                        Failed.class,
                        f -> {
                            assertThat(f.failure().kind()).isEqualTo(Kind.TLS_REJECTED);
                            assertThat(f.failure().isTransient()).isFalse();
                            assertThat(f.failure().getMessage()).contains("ca.crt");
                        });
    }
}

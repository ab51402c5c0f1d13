package io.tracejob.operator.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian package {@code prometheus}) on a loopback port, with its own
 * config and data directory, scraping the given local targets every second. {@link #close()} stops
 * it on every path.
 */
public final class LocalPrometheus implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private LocalPrometheus(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Skips the test when the binary is missing locally; fails under CI, where it must be
     * installed.
     */
    public static Path binary() {
        for (String p : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(
                    "prometheus is not installed; CI must install the Debian package 'prometheus'");
        }
        Assumptions.abort("prometheus is not installed (apt-get install prometheus)");
        return null;
    }

    public static LocalPrometheus start(List<String> targets) throws IOException {
        Path bin = binary();
        Path dir = Files.createTempDirectory("prometheus-test");
        int port = freePort();
        String config =
                """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: pods
                    static_configs:
                      - targets: [%s]
                """
                        .formatted(
                                String.join(
                                        ", ", targets.stream().map(t -> "'" + t + "'").toList()));
        Files.writeString(dir.resolve("prometheus.yml"), config);
        Process p =
                new ProcessBuilder(
                                bin.toString(),
                                "--config.file=" + dir.resolve("prometheus.yml"),
                                "--storage.tsdb.path=" + dir.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
        LocalPrometheus prom = new LocalPrometheus(p, dir, port);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(prom::ready);
        } catch (RuntimeException e) {
            String log =
                    Files.exists(dir.resolve("prometheus.log"))
                            ? Files.readString(dir.resolve("prometheus.log"))
                            : "";
            prom.close();
            throw new IllegalStateException("prometheus did not become ready: " + log, e);
        }
        return prom;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private boolean ready() {
        if (!process.isAlive())
            throw new IllegalStateException("prometheus exited with " + process.exitValue());
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The raw JSON answer of an instant query. */
    public String query(String promql) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                url()
                                                        + "/api/v1/query?query="
                                                        + java.net.URLEncoder.encode(
                                                                promql,
                                                                java.nio.charset.StandardCharsets
                                                                        .UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}

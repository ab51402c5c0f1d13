package io.tracejob.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's process, started as its image starts it: a setting found unusable only when used
 * is a configuration error like the rest, one line and exit 2, not a stack trace in a crash loop.
 */
class OperatorMainTest {
    @TempDir Path dir;

    @Test
    void aMountedCaBundleThatIsNotPemExitsTwoNamingTheFile() throws Exception {
        Path credentials = Files.createDirectories(dir.resolve("prometheus-credentials"));
        Files.writeString(credentials.resolve("ca.crt"), "not a certificate\n");
        ProcessBuilder pb =
                new ProcessBuilder(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                OperatorMain.class.getName()));
        pb.environment().put("POD_NAMESPACE", "ops");
        pb.environment().put("TRACEJOB_LEADER_ELECTION", "false");
        pb.environment().put("TRACEJOB_PROMETHEUS_CREDENTIALS_DIR", credentials.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out)
                .contains("tracejob-operator: prometheus-credentials-dir: ")
                .contains(credentials.resolve("ca.crt").toString())
                .contains("is not a PEM CA bundle")
                .doesNotContain("\tat ");
    }
}

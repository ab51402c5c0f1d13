package io.tracejob.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo target {@code samples/match_engine.c}: compiles warning-free at -O2, paces itself,
 * reports its calls.
 */
class MatchEngineSampleTest {
    @TempDir static Path dir;
    static Path binary;

    @BeforeAll
    static void compile() throws Exception {
        Path src = dir.resolve("match_engine.c");
        try (InputStream in =
                MatchEngineSampleTest.class.getResourceAsStream("/samples/match_engine.c")) {
            assertThat(in).as("samples/match_engine.c on the classpath").isNotNull();
            Files.write(src, in.readAllBytes());
        }
        binary = dir.resolve("match_engine");
        String gccOutput =
                run(
                        List.of(
                                "gcc",
                                "-O2",
                                "-Wall",
                                "-Wextra",
                                "-Werror",
                                "-o",
                                binary.toString(),
                                src.toString()),
                        0);
        assertThat(gccOutput).as("gcc -O2 -Wall -Wextra output").isEmpty();
    }

    @Test
    void matchOrderIsAPlainGlobalSymbolForUprobes() throws Exception {
        String nm = run(List.of("nm", binary.toString()), 0);
        assertThat(nm.lines()).anyMatch(l -> l.matches("[0-9a-f]+ T match_order"));
        assertThat(nm).doesNotContain("match_order.");
    }

    @Test
    void runsForOneSecondAtTheRequestedRateWithALongTail() throws Exception {
        Process p =
                new ProcessBuilder(binary.toString(), "2000", "1", "7")
                        .redirectErrorStream(true)
                        .start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exits after its 1 s duration").isTrue();
        Map<String, Long> out =
                keyValues(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(p.exitValue()).isZero();

        long calls = out.get("calls");
        assertThat(calls).isBetween(1_500L, 2_010L);
        assertThat(out.get("fast") + out.get("slow") + out.get("tail")).isEqualTo(calls);
        assertThat((double) out.get("fast") / calls).isBetween(0.92, 0.98);
        assertThat(out.get("slow")).isPositive();
        assertThat(out.get("sampled")).as("every call timed").isEqualTo(calls);
        // spinning on CLOCK_MONOTONIC: a typical call lasts its 2-6 µs (with a little timer
        // overshoot)
        assertThat(out.get("self_p50_ns")).isBetween(2_000L, 8_000L);
        assertThat(out.get("self_max_ns")).isGreaterThanOrEqualTo(20_000L);
    }

    @Test
    void sigtermPrintsTheCallCountAndExitsCleanly() throws Exception {
        Process p = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first =
                    r.readLine(); // blocks until the engine is set up and its handlers installed
            assertThat(first).startsWith("started pid=" + p.pid()).contains("orders_per_sec=2000");
            assertThat(p.toHandle().destroy())
                    .isTrue(); // SIGTERM; Process.destroy() would also close our end of stdout
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            StringBuilder rest = new StringBuilder();
            for (String line; (line = r.readLine()) != null; ) rest.append(line).append('\n');
            assertThat(p.exitValue()).isZero();
            assertThat(keyValues(rest.toString())).containsKey("calls");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void rejectsABadArgumentNamingIt() throws Exception {
        Process p = new ProcessBuilder(binary.toString(), "fast").redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("orders_per_sec")
                .contains("'fast'");
    }

    private static Map<String, Long> keyValues(String text) {
        Map<String, Long> m = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.matches("[a-z_0-9]+=\\d+")) {
                String[] kv = line.split("=");
                m.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return m;
    }

    private static String run(List<String> cmd, int expectedExit)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", cmd).isTrue();
        assertThat(p.exitValue()).as("%s exit code; output:\n%s", cmd, out).isEqualTo(expectedExit);
        return out;
    }
}

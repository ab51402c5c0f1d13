package io.tracejob.agent.cli;

import io.tracejob.api.v1alpha1.read.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tracejob-agent demo}: the embedded default. Compiles the bundled sample "match engine"
 * with gcc, starts it, and traces {@code match_order} with the bundled manifest — no cluster, no
 * files to write.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Compile the bundled sample match engine, trace its match_order function, print live histograms and the final table.")
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--duration",
            defaultValue = "10s",
            description = "how long to trace (default ${DEFAULT-VALUE})")
    String duration;

    @Option(
            names = "--interval",
            defaultValue = "2s",
            description = "live histogram interval (default ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--json", description = "write the Result JSON here")
    Path json;

    @Option(names = "--hgrm", description = "write the HdrHistogram percentile distribution here")
    Path hgrm;

    @Override
    public Integer call() throws Exception {
        Warmup.startEngine();
        Path dir = Files.createTempDirectory("tracejob-demo-");
        Path src = dir.resolve("match_engine.c");
        Path bin = dir.resolve("match-engine");
        Files.write(src, resource("/samples/match_engine.c"));
        compile(src, bin);
        String manifest =
                new String(resource("/samples/match-order.yaml"), StandardCharsets.UTF_8)
                        .replace("/app/match-engine", bin.toString());
        TraceOptions opts =
                TraceOptions.from(
                        SpecReader.readManifest(manifest, "the bundled sample manifest"),
                        duration,
                        interval,
                        json,
                        hgrm);
        System.out.println("Sample target compiled: " + bin);
        return TraceRunner.traceCommand(opts, List.of(bin.toString()));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("bundled resource missing: " + name);
            return in.readAllBytes();
        }
    }

    private static void compile(Path src, Path bin) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("gcc", "-O2", "-g", "-o", bin.toString(), src.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc could not compile the sample target: " + out.trim());
        }
    }
}

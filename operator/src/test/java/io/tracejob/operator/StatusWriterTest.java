package io.tracejob.operator;

import io.tracejob.operator.status.StatusRecorder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * StatusRecorder is the only writer of TraceJob status: a bytecode check (javap over the operator's compiled
 * classes, lambdas included) finds every call of TraceJob.setStatus or of a TraceJobStatus setter.
 */
class StatusWriterTest {
    private static final List<String> WRITES = List.of("Method io/tracejob/api/v1alpha1/TraceJobStatus.set",
            "Method io/tracejob/api/v1alpha1/TraceJob.setStatus", "Method io/fabric8/kubernetes/client/CustomResource.setStatus");

    @Test
    void onlyStatusRecorderWritesTraceJobStatus() throws Exception {
        Path classes = Path.of(StatusRecorder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).map(Path::toString).toList();
        }
        assertThat(files).hasSizeGreaterThan(50);
        TreeSet<String> writers = new TreeSet<>();
        String current = null;
        for (String line : javap(files).split("\n")) {
            if (line.startsWith("Compiled from")) continue;
            if (!line.startsWith(" ") && line.contains("class ") || line.contains("interface ") && !line.startsWith(" ")) {
                current = line;
            }
            String l = line;
            if (WRITES.stream().anyMatch(l::contains)) writers.add(className(current));
        }
        // The check sees StatusRecorder's own writes, so an empty result cannot come from a broken scan.
        assertThat(writers).containsExactly(StatusRecorder.class.getName());
    }

    private static String javap(List<String> classFiles) throws IOException, URISyntaxException {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() ->
                new IllegalStateException("javap is not available: run the tests on a JDK"));
        List<String> args = new ArrayList<>(List.of("-c", "-p"));
        args.addAll(classFiles);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = javap.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(rc).as("javap: " + err).isZero();
        return out.toString();
    }

    /** {@code public final class a.b.C implements ...} → {@code a.b.C}, nested classes as javap names them. */
    private static String className(String declaration) {
        for (String word : declaration.replace("{", " ").split(" ")) {
            if (word.contains(".") && !word.contains("(")) return word.replaceAll("<.*", "");
        }
        return declaration;
    }
}

package io.tracejob.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.operator.testsupport.MockCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;

/** One run of the plugin's command line: exit code, stdout, stderr; and the saved fixtures. */
record PluginRun(int code, String out, String err) {
    static final Path FIXTURES = Path.of("src/test/resources/plugin");

    /** Runs {@code args}; a command that needs no cluster gets a client that fails if asked. */
    static PluginRun offline(String... args) {
        return with(
                () -> {
                    throw new AssertionError("an offline command asked for a cluster client");
                },
                args);
    }

    static PluginRun with(Supplier<KubernetesClient> client, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = KubectlTracejob.commandLine(client);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new PluginRun(code, out.toString(), err.toString());
    }

    static String fixture(String name) {
        return FIXTURES.resolve(name).toString();
    }

    static String read(String name) {
        try {
            return Files.readString(FIXTURES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PluginRun succeeded() {
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return this;
    }

    /**
     * The output equals golden/{@code name}; with -Dtracejob.refresh=true the file is rewritten
     * (then review the diff).
     */
    void matchesGolden(String name) {
        Path golden =
                MockCluster.repoRoot()
                        .resolve("operator")
                        .resolve(FIXTURES)
                        .resolve("golden")
                        .resolve(name);
        try {
            if (Boolean.getBoolean("tracejob.refresh")) Files.writeString(golden, out);
            assertThat(out).as("golden output %s", golden).isEqualTo(Files.readString(golden));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.tracejob.agent.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a C test target from {@code src/test/resources/targets/} with the machine's real gcc.
 */
public final class Gcc {
    private Gcc() {}

    /**
     * @param resource file name under {@code targets/}, e.g. {@code busy.c}
     * @param outDir where the binary goes (a JUnit {@code @TempDir} usually)
     * @param output binary (or .so) name
     * @param flags extra gcc flags, e.g. {@code -no-pie}, {@code -fcf-protection}, {@code -shared
     *     -fPIC}
     */
    public static Path compile(String resource, Path outDir, String output, String... flags)
            throws IOException {
        Path src = outDir.resolve(resource);
        try (InputStream in = Gcc.class.getResourceAsStream("/targets/" + resource)) {
            if (in == null) throw new IOException("no test target source targets/" + resource);
            Files.createDirectories(src.getParent());
            Files.write(src, in.readAllBytes());
        }
        return compileFile(src, outDir.resolve(output), flags);
    }

    /**
     * Compiles a C file from anywhere (e.g. the agent's bundled samples) at -O1 -g plus {@code
     * flags}.
     */
    public static Path compileFile(Path src, Path bin, String... flags) throws IOException {
        List<String> cmd =
                new ArrayList<>(List.of("gcc", "-O1", "-g", "-o", bin.toString(), src.toString()));
        cmd.addAll(List.of(flags));
        run(cmd);
        return bin;
    }

    static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("gcc failed: " + String.join(" ", cmd) + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

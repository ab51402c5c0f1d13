package io.tracejob.agent.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * podman as the container tests run it here: runc (crun refuses cgroup v1 hybrid mode) and cgroupfs
 * parents.
 */
public final class Podman {
    private Podman() {}

    /** podman and runc present (a missing one fails under CI=true, see {@link Kernel}). */
    public static void require() {
        Kernel.requireCommand("podman");
        Kernel.require(
                Files.isExecutable(Path.of("/usr/sbin/runc"))
                        || Files.isExecutable(Path.of("/usr/bin/runc")),
                "runc (podman's runtime here: crun refuses cgroup v1 hybrid mode)");
    }

    /** {@code podman} with this machine's global options, then {@code args}. */
    public static List<String> command(String... args) {
        List<String> cmd =
                new ArrayList<>(
                        List.of("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs podman and returns its output; a non-zero exit is an IOException with the output. */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = command(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IOException(cmd + " failed: " + out);
        return out;
    }

    /** Runs podman for its exit status only (e.g. {@code image exists}, {@code rm -f}). */
    public static int status(String... args) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(command(args))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        return p.waitFor();
    }

    /**
     * podman leaves the parent cgroups it made in every v1 hierarchy: remove them under {@code
     * top}, leaf first.
     */
    public static void removeParentCgroups(String top) throws IOException {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Path root = h.resolve(top);
                if (!Files.isDirectory(root)) continue;
                try (var tree = Files.walk(root)) {
                    for (Path d :
                            tree.filter(Files::isDirectory)
                                    .sorted(Comparator.reverseOrder())
                                    .toList()) {
                        // conmon can outlive `podman rm` by a moment: rmdir is EBUSY until it has
                        // left
                        await().atMost(Duration.ofSeconds(15))
                                .ignoreExceptions()
                                .until(
                                        () -> {
                                            Files.deleteIfExists(d);
                                            return true;
                                        });
                    }
                }
            }
        }
    }
}

package io.tracejob.agent.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need root and kernel features. On a developer machine without them the test
 * is skipped with the reason; in CI ({@code CI=true}) a missing capability fails the test instead,
 * so a green CI run always means the real kernel path ran.
 */
public final class Kernel {
    private Kernel() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void require(boolean present, String what) {
        if (present) return;
        String msg = "kernel capability missing: " + what;
        if (inCi()) Assertions.fail(msg + " (CI=true: missing capabilities fail, never skip)");
        Assumptions.abort(msg);
    }

    /** Root, the uprobe PMU and tracefs — what every real-kernel agent test needs. */
    public static void requireEbpf() {
        require(
                "root".equals(System.getProperty("user.name")),
                "running as root (CAP_BPF + CAP_PERFMON)");
        require(
                Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/type")),
                "uprobe PMU (/sys/bus/event_source/devices/uprobe/type)");
        require(
                Files.isDirectory(Path.of("/sys/kernel/tracing/events")),
                "tracefs mounted at /sys/kernel/tracing");
    }

    public static void requireCommand(String command) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                found = true;
                break;
            }
        }
        require(found, "command '" + command + "' on PATH");
    }
}

package io.tracejob.agent.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Test-only: this JVM's open file descriptors for kernel tracing objects (BPF maps, programs,
 * links, stats and perf events): what the engine must release. Other fds are left out: threads of
 * earlier tests in the same JVM and the JVM itself (a jar opened by class loading) open and close
 * files at any moment, which made a count of every fd flaky (67 vs 68 in one CI run).
 */
public final class FdCount {
    private FdCount() {}

    public static long now() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(FdCount::kernelTracingObject).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean kernelTracingObject(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("anon_inode:bpf") || target.equals("anon_inode:[perf_event]");
        } catch (IOException e) {
            return false; // closed between the listing and the read: not open any more
        }
    }
}

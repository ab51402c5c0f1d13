package io.tracejob.agent.tracefs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.proc.Mounts;
import io.tracejob.agent.testsupport.Kernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracefsRootTest {
    @Test
    void mountinfoComesFirstThenTheDefaultPlacesOnce() {
        Mounts mounts =
                Mounts.parse(
                        """
                37 24 0:12 / /mnt/trace rw - tracefs tracefs rw
                38 24 0:12 / /sys/kernel/tracing rw - tracefs tracefs rw
                39 24 0:13 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw
                """);
        assertThat(TracefsRoot.places(mounts))
                .containsExactly(
                        Path.of("/mnt/trace"),
                        Path.of("/sys/kernel/tracing"),
                        Path.of("/sys/kernel/debug/tracing"));
    }

    @Test
    void aPlaceWithoutTheTracefsLayoutIsSkipped(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path real = Files.createDirectories(tmp.resolve("real/events")).getParent();
        assertThat(TracefsRoot.require(List.of(empty, real))).isEqualTo(real);
    }

    /** The node's own tracefs, checked against mountinfo independently of the locator. */
    @Test
    void findsThisNodesTracefs() throws Exception {
        Kernel.requireEbpf();
        Path root = TracefsRoot.find().orElseThrow();
        assertThat(root.resolve("events/syscalls")).isDirectory();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + root + " ");
    }
}

package io.tracejob.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a process's files through /proc/PID/root, checked against what it actually mapped. */
class ContainerBinaryTest {
    @TempDir Path tmp;

    @Test
    void runningBinaryIsVerifiedByDevAndInode() throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("prod_forker.c", tmp, "prod_forker");
        try (TargetProcess t = TargetProcess.start(bin)) {
            t.expect("ready");
            ContainerBinary b = ContainerProcesses.binaryInContainer(t.pid(), bin.toString());
            assertThat(b.verifiedMapped()).isTrue();
            assertThat(b.path())
                    .isEqualTo(
                            Path.of("/proc/" + t.pid() + "/root")
                                    .resolve(bin.toRealPath().toString().substring(1)));
            assertThat(b.pathInContainer()).isEqualTo(bin.toRealPath().toString());
            assertThat(Files.isSameFile(b.path(), bin)).isTrue();
            assertThat(b.devInode()).endsWith(":" + Files.getAttribute(bin, "unix:ino"));
        }
    }

    /**
     * Container images run from overlayfs: maps must show the overlay's dev:inode, as stat through
     * the root does.
     */
    @Test
    void binaryOnOverlayfsIsVerified() throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("prod_forker.c", tmp, "prod_forker");
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(tmp.resolve("work"));
        Files.copy(bin, lower.resolve("app"), StandardCopyOption.COPY_ATTRIBUTES);
        int rc =
                new ProcessBuilder(
                                "mount",
                                "-t",
                                "overlay",
                                "overlay",
                                "-o",
                                "lowerdir="
                                        + lower
                                        + ",upperdir="
                                        + tmp.resolve("upper")
                                        + ",workdir="
                                        + tmp.resolve("work"),
                                merged.toString())
                        .inheritIO()
                        .start()
                        .waitFor();
        Kernel.require(rc == 0, "mounting overlayfs (mount -t overlay)");
        try (TargetProcess t = TargetProcess.start(merged.resolve("app"))) {
            t.expect("ready");
            ContainerBinary b =
                    ContainerProcesses.binaryInContainer(t.pid(), merged.resolve("app").toString());
            assertThat(b.verifiedMapped()).isTrue();
            assertThat(b.devInode())
                    .isNotEqualTo(
                            ContainerProcesses.binaryInContainer(
                                            t.pid(), lower.resolve("app").toString())
                                    .devInode());
        } finally {
            new ProcessBuilder("umount", merged.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void symlinkToTheBinaryResolvesToTheMappedFile() throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("prod_forker.c", tmp, "prod_forker");
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-forker"), bin.toRealPath());
        try (TargetProcess t = TargetProcess.start(bin)) {
            t.expect("ready");
            ContainerBinary b = ContainerProcesses.binaryInContainer(t.pid(), link.toString());
            assertThat(b.verifiedMapped()).isTrue();
            assertThat(b.pathInContainer()).isEqualTo(bin.toRealPath().toString());
        }
    }

    @Test
    void aFileTheProcessDoesNotMapIsReturnedUnverified() throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("prod_forker.c", tmp, "prod_forker");
        Path other = Files.copy(bin, tmp.resolve("not-running"));
        try (TargetProcess t = TargetProcess.start(bin)) {
            t.expect("ready");
            ContainerBinary b = ContainerProcesses.binaryInContainer(t.pid(), other.toString());
            assertThat(b.verifiedMapped()).isFalse();
            assertThat(Files.isSameFile(b.path(), other)).isTrue();
        }
    }

    @Test
    void aBinaryReplacedAfterStartIsRefused() throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("prod_forker.c", tmp, "prod_forker");
        try (TargetProcess t = TargetProcess.start(bin)) {
            t.expect("ready");
            // what a package upgrade or a redeploy into a running container does: a new file at the
            // same path
            Path fresh = Files.copy(bin, tmp.resolve("fresh"));
            Files.move(
                    fresh,
                    bin,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            assertThatThrownBy(() -> ContainerProcesses.binaryInContainer(t.pid(), bin.toString()))
                    .hasMessageContaining("runs a different file")
                    .hasMessageContaining("(deleted)");
        }
    }

    @Test
    void libraryByBareNameComesFromTheProcessMaps() throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("prod_forker.c", tmp, "prod_forker");
        try (TargetProcess t = TargetProcess.start(bin)) {
            t.expect("ready");
            ContainerBinary libc = ContainerProcesses.resolveLibrary(t.pid(), "libc.so.6");
            String mappedLibc =
                    Files.readAllLines(Path.of("/proc/" + t.pid() + "/maps")).stream()
                            .filter(l -> l.contains("/libc.so.6"))
                            .findFirst()
                            .orElseThrow();
            assertThat(mappedLibc).endsWith(libc.pathInContainer());
            assertThat(libc.verifiedMapped()).isTrue();
            assertThat(libc.path().toString()).startsWith("/proc/" + t.pid() + "/root/");

            assertThatThrownBy(() -> ContainerProcesses.resolveLibrary(t.pid(), "libssl.so.3"))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("has no library 'libssl.so.3' mapped");
            assertThatThrownBy(() -> ContainerProcesses.resolveLibrary(t.pid(), "../../etc/passwd"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bare file name");
        }
    }

    @Test
    void absoluteSymlinksStayInsideTheRoot() throws Exception {
        // a fake container root whose /usr/bin/app points at an absolute path: it must resolve
        // inside the root
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("opt/app"));
        Files.writeString(root.resolve("opt/app/real"), "x");
        Files.createSymbolicLink(root.resolve("usr/bin/app"), Path.of("/opt/app/real"));
        Files.createSymbolicLink(
                root.resolve("usr/bin/escape"), Path.of("/../../../../etc/hostname"));
        Files.createSymbolicLink(root.resolve("usr/bin/loop"), Path.of("loop"));

        assertThat(RootedPath.resolve(root, "/usr/bin/app")).isEqualTo("/opt/app/real");
        assertThat(RootedPath.resolve(root, "/usr/bin/../bin/./app")).isEqualTo("/opt/app/real");
        // /etc/hostname exists on the host, but not in this root
        assertThatThrownBy(() -> RootedPath.resolve(root, "/usr/bin/escape"))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> RootedPath.resolve(root, "/usr/bin/loop"))
                .hasMessageContaining("too many symbolic links");
    }

    @Test
    void binaryPathMustBeAbsolute() {
        assertThatThrownBy(() -> ContainerProcesses.binaryInContainer(1, "usr/bin/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec.probe.binary");
    }
}

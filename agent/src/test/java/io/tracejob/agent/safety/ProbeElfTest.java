package io.tracejob.agent.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Kernel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written probe process: its bytes are its listing's, and it runs as the listing says. */
class ProbeElfTest {
    @TempDir Path dir;

    @Test
    void theCodeIsWhatGnuAsMakesOfTheListing() throws Exception {
        Kernel.requireCommand("as");
        Kernel.requireCommand("objcopy");
        Path listing = dir.resolve("probe.s");
        try (InputStream in =
                getClass().getResourceAsStream("/targets/uretprobe_seccomp_probe.s")) {
            Files.write(listing, in.readAllBytes());
        }
        run(List.of("as", "-o", dir.resolve("probe.o").toString(), listing.toString()));
        run(
                List.of(
                        "objcopy",
                        "-O",
                        "binary",
                        "-j",
                        ".text",
                        dir.resolve("probe.o").toString(),
                        dir.resolve("probe.bin").toString()));
        byte[] assembled = Files.readAllBytes(dir.resolve("probe.bin"));
        byte[] text = ProbeElf.text();
        assertThat(Arrays.copyOf(assembled, text.length)).isEqualTo(text);
        // what follows is only the padding before the filter, which the listing ends with
        assertThat(Arrays.copyOfRange(assembled, text.length, assembled.length))
                .containsOnly((byte) 0);
        // the uprobe goes on probed(): push rbp
        byte[] image = ProbeElf.image();
        assertThat(image[(int) ProbeElf.probedFileOffset()]).isEqualTo((byte) 0x55);
    }

    @Test
    void itPutsItselfUnderAFilterWaitsForGoAndMakesItsCalls() throws Exception {
        Process p = start();
        try {
            assertThat(p.getInputStream().read()).isEqualTo('R');
            assertThat(SeccompMode.of((int) p.pid())).isEqualTo(SeccompMode.FILTER);
            assertThat(p.isAlive()).as("waits for the go byte").isTrue();
            p.getOutputStream().write('g');
            p.getOutputStream().flush();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void withoutTheGoByteItExitsWithItsOwnStatus() throws Exception {
        Process p = start();
        try {
            assertThat(p.getInputStream().read()).isEqualTo('R');
            p.getOutputStream().close();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(ProbeElf.EXIT_GO);
            assertThat(ProbeElf.meaning(p.exitValue())).contains("go byte");
        } finally {
            p.destroyForcibly();
        }
    }

    private Process start() throws Exception {
        Path bin = dir.resolve("probe");
        Files.write(bin, ProbeElf.image());
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
        return new ProcessBuilder(bin.toString()).start();
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}

package io.tracejob.agent.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.safety.ReturnProbeVerdict.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-node answer on disk: reused only for the same boot and kernel, and only when no one else
 * could have written it.
 */
class VerdictCacheTest {
    static final NodeKey NODE = new NodeKey("3f1c-boot", "6.18.0-test");
    @TempDir Path dir;

    @Test
    void aStoredAnswerIsReadBackForTheSameBootAndKernelOnly() {
        VerdictCache cache = new VerdictCache(dir.resolve("cache"));
        ReturnProbeVerdict v = ReturnProbeVerdict.of(Answer.SAFE, "survived", NODE);
        assertThat(cache.write(v)).isNull();
        ReturnProbeVerdict read = cache.read(NODE).orElseThrow();
        assertThat(read.answer()).isEqualTo(Answer.SAFE);
        assertThat(read.finding()).isEqualTo("survived");
        assertThat(read.source()).contains("cached in " + cache.file()).contains(v.checkedAt());
        assertThat(cache.read(new NodeKey("another-boot", NODE.kernelRelease()))).isEmpty();
        assertThat(cache.read(new NodeKey(NODE.bootId(), "6.19.0"))).isEmpty();
    }

    @Test
    void theDirectoryIsPrivateToTheAgent() throws Exception {
        VerdictCache cache = new VerdictCache(dir.resolve("cache"));
        cache.write(ReturnProbeVerdict.of(Answer.UNSAFE, "killed by SIGSYS", NODE));
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(dir.resolve("cache"))))
                .isEqualTo("rwx------");
    }

    @Test
    void anUnknownAnswerIsNeverReused() throws Exception {
        VerdictCache cache = new VerdictCache(dir);
        cache.write(ReturnProbeVerdict.of(Answer.UNKNOWN, "not checked", NODE));
        assertThat(cache.read(NODE)).isEmpty();
    }

    @Test
    void aFileOthersCouldHaveWrittenIsIgnored() throws Exception {
        VerdictCache cache = new VerdictCache(dir);
        cache.write(ReturnProbeVerdict.of(Answer.SAFE, "survived", NODE));
        Files.setPosixFilePermissions(cache.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(cache.read(NODE)).isEmpty();
        Files.setPosixFilePermissions(cache.file(), PosixFilePermissions.fromString("rw-------"));
        assertThat(cache.read(NODE)).isPresent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(cache.read(NODE)).isEmpty();
    }

    @Test
    void garbageIsIgnored() throws Exception {
        VerdictCache cache = new VerdictCache(dir);
        Files.writeString(cache.file(), "{not json");
        assertThat(cache.read(NODE)).isEmpty();
    }
}

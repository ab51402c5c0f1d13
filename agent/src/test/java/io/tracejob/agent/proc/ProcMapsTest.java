package io.tracejob.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcMapsTest {
    @Test
    void parsesPathsWithSpacesPseudoMappingsAndDeletedFiles() {
        List<MapEntry> maps =
                ProcMaps.parse(
                        String.join(
                                "\n",
                                "55d4c2a00000-55d4c2a01000 r--p 00000000 fe:01 1234                       /opt/my app/bin/server",
                                "7f1c2a028000-7f1c2a19d000 r-xp 00028000 fe:01 5678                       /usr/lib/x86_64-linux-gnu/libc.so.6",
                                "7f1c2a400000-7f1c2a401000 r-xp 00001000 fe:01 91                         /tmp/libold.so (deleted)",
                                "7ffd1b3c4000-7ffd1b3e5000 rw-p 00000000 00:00 0                          [stack]",
                                "7f1c2a200000-7f1c2a201000 rw-p 00000000 00:00 0 ",
                                "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]"));
        assertThat(maps).hasSize(6);
        assertThat(maps.get(0).path()).isEqualTo("/opt/my app/bin/server");
        assertThat(maps.get(1))
                .isEqualTo(
                        new MapEntry(
                                0x7f1c2a028000L,
                                0x7f1c2a19d000L,
                                "r-xp",
                                0x28000,
                                "fe:01",
                                5678,
                                "/usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertThat(maps.get(1).isExecutable()).isTrue();
        assertThat(maps.get(2).isDeleted()).isTrue();
        assertThat(maps.get(3).isFile()).isFalse();
        assertThat(maps.get(4).path()).isEmpty();
        assertThat(maps.get(5).start()).isEqualTo(0xffffffffff600000L);
    }

    @Test
    void libraryNamesMatchExactlyOrByVersionSuffix() {
        assertThat(ProcMaps.matches("/usr/lib/x86_64-linux-gnu/libssl.so.3", "libssl.so")).isTrue();
        assertThat(ProcMaps.matches("/usr/lib/x86_64-linux-gnu/libssl.so.3", "libssl.so.3"))
                .isTrue();
        assertThat(ProcMaps.matches("/usr/lib/x86_64-linux-gnu/libssl.so.3", "libssl")).isTrue();
        assertThat(ProcMaps.matches("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "libc")).isFalse();
        assertThat(ProcMaps.matches("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc.so.6.1"))
                .isFalse();
        assertThat(
                        ProcMaps.matches(
                                "/usr/lib/x86_64-linux-gnu/libc.so.6",
                                "/lib/x86_64-linux-gnu/libc.so.6"))
                .isFalse();
    }
}

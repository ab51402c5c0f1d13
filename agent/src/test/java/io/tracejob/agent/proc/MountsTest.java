package io.tracejob.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MountsTest {
    @Test
    void parsesOptionalFieldsAndEscapes() {
        Mounts m =
                Mounts.parse(
                        """
                35 24 0:30 / /sys/fs/cgroup/unified rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate
                36 24 0:31 / /sys/fs/cgroup/pids rw shared:10 master:2 - cgroup cgroup rw,pids
                37 24 0:12 / /mnt/with\\040space rw - tracefs tracefs rw
                garbage line
                """);
        assertThat(m.all()).hasSize(3);
        assertThat(m.ofType("cgroup2"))
                .containsExactly(
                        new Mounts.Mount("/sys/fs/cgroup/unified", "cgroup2", "rw,nsdelegate"));
        assertThat(m.ofType("cgroup").get(0).superOptions()).isEqualTo("rw,pids");
        assertThat(m.ofType("tracefs").get(0).point()).isEqualTo("/mnt/with space");
    }
}

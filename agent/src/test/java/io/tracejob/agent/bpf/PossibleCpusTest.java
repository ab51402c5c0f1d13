package io.tracejob.agent.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PossibleCpusTest {

    @Test
    void cpuListsCountEveryRange() {
        assertThat(PossibleCpus.parse("0-1\n")).isEqualTo(2);
        assertThat(PossibleCpus.parse("0-3,5,7-8")).isEqualTo(7);
        assertThat(PossibleCpus.parse("0")).isEqualTo(1);
    }

    @Test
    void badListsAreRefusedWithTheList() {
        assertThatThrownBy(() -> PossibleCpus.parse("3-1"))
                .hasMessageContaining("bad cpu range '3-1'");
        assertThatThrownBy(() -> PossibleCpus.parse("\n")).hasMessageContaining("empty cpu list");
    }
}

package io.tracejob.agent.bpf;

import static io.tracejob.agent.bpf.asm.Reg.R0;
import static io.tracejob.agent.bpf.asm.Reg.R1;
import static io.tracejob.agent.bpf.asm.Reg.R10;
import static io.tracejob.agent.bpf.asm.Reg.R2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Helper;
import io.tracejob.agent.bpf.asm.Size;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.testsupport.Kernel;
import org.junit.jupiter.api.Test;

class BpfProgramTest {

    @Test
    void verifierRejectionCarriesTheVerifierLog() throws Exception {
        Kernel.requireEbpf();
        try (BpfMap m = BpfMap.create(MapType.HASH, "t_counts", 4, 8, 1, 0)) {
            // dereferences a hash lookup result without the null check the verifier insists on
            // (recent kernels
            // drop that check for arrays with a constant in-range key, so a hash map it is)
            var unsafe =
                    new Asm()
                            .st(Size.W, R10, -4, 0)
                            .mov(R2, R10)
                            .add(R2, -4)
                            .ldMapFd(R1, m.fd())
                            .call(Helper.MAP_LOOKUP_ELEM)
                            .ldx(Size.DW, R1, R0, 0)
                            .mov(R0, 0)
                            .exit()
                            .build();
            assertThatThrownBy(() -> BpfProgram.load(ProgramType.KPROBE, "unsafe", unsafe, "GPL"))
                    .isInstanceOfSatisfying(
                            VerifierException.class,
                            e -> {
                                assertThat(e.errno()).isEqualTo(Errno.EACCES);
                                assertThat(e.log())
                                        .contains("invalid mem access 'map_value_or_null'");
                            })
                    .hasMessageStartingWith(
                            "bpf(BPF_PROG_LOAD) of KPROBE program 'unsafe' (9 insns) failed: EACCES")
                    .hasMessageContaining("invalid mem access");
        }
    }

    @Test
    void validProgramLoadsAndReportsStats() throws Exception {
        Kernel.requireEbpf();
        var ok = new Asm().mov(R0, 0).exit().build();
        try (BpfProgram p =
                BpfProgram.load(ProgramType.TRACEPOINT, "a_very_long_program_name", ok, "GPL")) {
            assertThat(p.fd()).isPositive();
            assertThat(p.name()).isEqualTo("a_very_long_pro"); // kernel limit: 15 bytes
            assertThat(p.stats().runCount()).isZero();
        }
    }

    @Test
    void closeReleasesEveryFd() throws Exception {
        Kernel.requireEbpf();
        loadAndClose();
        long before = FdCount.now();
        loadAndClose();
        assertThat(FdCount.now()).isEqualTo(before);
    }

    private static void loadAndClose() throws Exception {
        var ok = new Asm().mov(R0, 0).exit().build();
        BpfProgram a = BpfProgram.load(ProgramType.KPROBE, "a", ok, "GPL");
        BpfStats s = BpfStats.enable();
        a.close();
        s.close();
        try {
            BpfProgram.load(
                    ProgramType.KPROBE,
                    "bad",
                    new Asm().exit().build(),
                    "GPL"); // R0 not initialised
        } catch (VerifierException expected) {
            assertThat(expected.log()).contains("R0 !read_ok");
        }
    }
}

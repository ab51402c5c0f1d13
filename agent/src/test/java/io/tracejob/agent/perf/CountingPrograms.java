package io.tracejob.agent.perf;

import static io.tracejob.agent.bpf.asm.Reg.R0;
import static io.tracejob.agent.bpf.asm.Reg.R1;
import static io.tracejob.agent.bpf.asm.Reg.R10;
import static io.tracejob.agent.bpf.asm.Reg.R2;

import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Cond;
import io.tracejob.agent.bpf.asm.Helper;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.bpf.asm.Size;
import java.util.List;

/**
 * Test-only BPF programs: atomically add 1 to slot {@code index} of an ARRAY of u64, optionally
 * only for one tgid.
 */
final class CountingPrograms {
    private CountingPrograms() {}

    static List<Insn> count(int mapFd, int index) {
        return countFor(mapFd, index, -1);
    }

    static List<Insn> countFor(int mapFd, int index, int tgid) {
        Asm a = new Asm();
        if (tgid >= 0) {
            a.call(Helper.GET_CURRENT_PID_TGID).rsh(R0, 32).jmp(Cond.NE, R0, tgid, "out");
        }
        return a.st(Size.W, R10, -4, index)
                .mov(R2, R10)
                .add(R2, -4)
                .ldMapFd(R1, mapFd)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmp(Cond.EQ, R0, 0, "out")
                .mov(R1, 1)
                .atomicAdd(Size.DW, R0, 0, R1)
                .label("out")
                .mov(R0, 0)
                .exit()
                .build();
    }
}

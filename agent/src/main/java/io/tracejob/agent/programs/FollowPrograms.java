package io.tracejob.agent.programs;

import static io.tracejob.agent.bpf.asm.Reg.R0;
import static io.tracejob.agent.bpf.asm.Reg.R1;
import static io.tracejob.agent.bpf.asm.Reg.R10;
import static io.tracejob.agent.bpf.asm.Reg.R2;
import static io.tracejob.agent.bpf.asm.Reg.R3;
import static io.tracejob.agent.bpf.asm.Reg.R4;
import static io.tracejob.agent.bpf.asm.Reg.R6;
import static io.tracejob.agent.bpf.asm.Reg.R7;
import static io.tracejob.agent.programs.Snippets.INDEX;
import static io.tracejob.agent.programs.Snippets.KEY;

import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Cond;
import io.tracejob.agent.bpf.asm.Helper;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.bpf.asm.Size;
import java.util.List;

/**
 * Raw-tracepoint programs that keep the traced process set ({@link TraceMaps#tgids}) in the kernel,
 * so a process forked by a traced one is a member before it runs its first instruction: the kernel
 * calls {@code trace_sched_process_fork} before {@code wake_up_new_task}. Raw tracepoint programs
 * see the tracepoint's C arguments as {@code u64 args[]} in R1.
 */
public final class FollowPrograms {
    private FollowPrograms() {}

    /**
     * {@code sched_process_fork(struct task_struct *parent, struct task_struct *child)}: when the
     * current (parent) process is traced and the child is a new process (not a thread),
     * tgids[child] = child and forks[child] = parent, the latter drained by the agent to report
     * and, in per-process mode, attach.
     *
     * @param tgidOffset byte offset of {@code tgid} in {@code struct task_struct}, from the
     *     kernel's BTF
     */
    public static List<Insn> fork(TraceMaps maps, int tgidOffset) {
        Asm a = new Asm();
        a.mov(R6, R1);
        Snippets.requireTracedTgid(a, maps.tgids, "out"); // parent tgid at fp-20
        a.st(Size.DW, R10, KEY, 0)
                .mov(R1, R10)
                .add(R1, KEY)
                .mov(R2, 4)
                .ldx(Size.DW, R3, R6, 8) // args[1] = child
                .add(R3, tgidOffset)
                .call(Helper.PROBE_READ_KERNEL)
                .jmp(Cond.NE, R0, 0, "out")
                .ldx(Size.W, R7, R10, KEY)
                .ldx(Size.W, R1, R10, INDEX)
                .jmp(Cond.EQ, R7, R1, "out") // a new thread of a traced process: already covered
                .ldMapFd(R1, maps.tgids.fd())
                .mov(R2, R10)
                .add(R2, KEY)
                .mov(R3, R10)
                .add(R3, KEY)
                .mov(R4, 0)
                .call(Helper.MAP_UPDATE_ELEM)
                .jmp(Cond.EQ, R0, 0, "member");
        Snippets.increment(a, maps.counters, Counter.MEMBERS_FULL, "full");
        a.label("member")
                .ldMapFd(R1, maps.forks.fd())
                .mov(R2, R10)
                .add(R2, KEY)
                .mov(R3, R10)
                .add(R3, INDEX)
                .mov(R4, 0)
                .call(Helper.MAP_UPDATE_ELEM);
        Snippets.exitZero(a, "out");
        return a.build();
    }

    /**
     * {@code sched_process_exit(struct task_struct *p, bool group_dead)}: runs in the exiting task;
     * when its whole thread group is dead, its tgid leaves the traced set, so a recycled pid is
     * never traced. Without the group_dead argument (older kernels) it does nothing and the agent
     * removes exited processes itself.
     */
    public static List<Insn> exit(TraceMaps maps, boolean hasGroupDead) {
        Asm a = new Asm();
        if (hasGroupDead) {
            a.ldx(Size.DW, R1, R1, 8) // args[1] = group_dead (a bool in a u64 slot)
                    .and(R1, 0xff)
                    .jmp(Cond.EQ, R1, 0, "out")
                    .call(Helper.GET_CURRENT_PID_TGID)
                    .rsh(R0, 32)
                    .stx(Size.W, R10, INDEX, R0)
                    .ldMapFd(R1, maps.tgids.fd())
                    .mov(R2, R10)
                    .add(R2, INDEX)
                    .call(Helper.MAP_DELETE_ELEM);
        }
        Snippets.exitZero(a, "out");
        return a.build();
    }
}

package io.tracejob.agent.programs;

import static io.tracejob.agent.bpf.asm.Reg.R0;
import static io.tracejob.agent.bpf.asm.Reg.R1;
import static io.tracejob.agent.bpf.asm.Reg.R10;
import static io.tracejob.agent.bpf.asm.Reg.R8;
import static io.tracejob.agent.bpf.asm.Reg.R9;
import static io.tracejob.agent.programs.Snippets.KEY;
import static io.tracejob.agent.programs.Snippets.VALUE;

import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Cond;
import io.tracejob.agent.bpf.asm.Helper;
import io.tracejob.agent.bpf.asm.Size;

/**
 * A per-thread stack of calls in flight, so nested (recursive) calls of the measured function on
 * one thread are each measured: depths[pid_tgid] is how many calls the thread has open, and the
 * start of the call at depth d is stored under {@code pid_tgid | d << 56} (pid and tgid use bits
 * 0–21 and 32–53, the kernel's PID_MAX_LIMIT being 2^22).
 *
 * <p>Levels whose return never ran (a function left by longjmp, as PostgreSQL's elog(ERROR) does,
 * or a missed return probe) stay open. Below the limit that is harmless: a call pushes and pops the
 * same level, so it pairs right whatever lies under it. At the limit, an entry drops the thread's
 * open levels ({@link Counter#STACK_RESET}) and starts again at level 0, instead of going
 * unmeasured and letting its return pop — and pair with — a level it never pushed.
 */
public final class ThreadStack {
    public static final int MAX_DEPTH = 255;

    private ThreadStack() {}

    /**
     * Opens a level for the current thread and leaves the start key at fp-8. Clobbers R0–R5, R8,
     * R9.
     */
    static void push(Asm a, TraceMaps maps, String exitLabel) {
        a.call(Helper.GET_CURRENT_PID_TGID).mov(R8, R0).stx(Size.DW, R10, KEY, R0).mov(R9, 0);
        Snippets.onKey(a, maps.depths.fd(), Helper.MAP_LOOKUP_ELEM);
        a.jmp(Cond.EQ, R0, 0, "push_have")
                .ldx(Size.DW, R9, R0, 0)
                .label("push_have")
                .jmp(Cond.LT, R9, MAX_DEPTH, "push_room");
        Snippets.increment(a, maps.counters, Counter.STACK_RESET, "push_deep");
        a.mov(R9, 0).label("push_room").mov(R1, R9).add(R1, 1).stx(Size.DW, R10, VALUE, R1);
        Snippets.updateKeyValue(a, maps.depths.fd(), 0);
        a.jmp(Cond.EQ, R0, 0, "push_stored");
        Snippets.increment(a, maps.counters, Counter.START_MAP_FULL, "push_full");
        a.ja(exitLabel).label("push_stored").lsh(R9, 56).or(R9, R8).stx(Size.DW, R10, KEY, R9);
    }

    /**
     * Closes the current thread's innermost level and leaves that call's start key at fp-8; jumps
     * to {@code noStart} when the thread has no open level. Clobbers R0–R5, R8, R9.
     */
    static void pop(Asm a, TraceMaps maps, String noStart) {
        a.call(Helper.GET_CURRENT_PID_TGID).mov(R8, R0).stx(Size.DW, R10, KEY, R0);
        Snippets.onKey(a, maps.depths.fd(), Helper.MAP_LOOKUP_ELEM);
        a.jmp(Cond.EQ, R0, 0, noStart)
                .ldx(Size.DW, R9, R0, 0)
                .jmp(Cond.EQ, R9, 0, noStart)
                .sub(R9, 1)
                .stx(Size.DW, R0, 0, R9)
                .jmp(Cond.NE, R9, 0, "pop_key");
        // the thread's last open call: leave no entry behind
        Snippets.onKey(a, maps.depths.fd(), Helper.MAP_DELETE_ELEM);
        a.label("pop_key").lsh(R9, 56).or(R9, R8).stx(Size.DW, R10, KEY, R9);
    }
}

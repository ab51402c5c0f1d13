package io.tracejob.agent.programs;

import static io.tracejob.agent.bpf.asm.Reg.R0;
import static io.tracejob.agent.bpf.asm.Reg.R1;
import static io.tracejob.agent.bpf.asm.Reg.R10;
import static io.tracejob.agent.bpf.asm.Reg.R6;
import static io.tracejob.agent.bpf.asm.Reg.R7;
import static io.tracejob.agent.bpf.asm.Reg.R8;
import static io.tracejob.agent.programs.Snippets.KEY;
import static io.tracejob.agent.programs.Snippets.VALUE;

import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Cond;
import io.tracejob.agent.bpf.asm.Helper;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.bpf.asm.Size;
import java.util.List;

/**
 * The BPF programs of a trace, as instruction lists. Per-process uprobe programs need no process
 * filter (the perf event's pid scopes them); tracepoint and binary-wide uprobe programs run for
 * every task that hits them and filter on the traced tgid set first ({@link ProgramScope}).
 */
public final class ProbePrograms {
    private ProbePrograms() {}

    /**
     * Start of a measured call: starts[key] = now. The clock is read last, so the time spent in the
     * program itself before it is not counted in the call. A thread key is stacked ({@link
     * ThreadStack}), so a recursive call gets its own start instead of overwriting its caller's.
     */
    public static List<Insn> latencyStart(TraceMaps maps, KeySource key, ProgramScope scope) {
        Asm a = new Asm();
        a.mov(R6, R1);
        Snippets.requireMember(a, maps, scope, "out");
        Snippets.increment(a, maps.counters, Counter.FIRINGS, "fired");
        if (key instanceof KeySource.Thread) {
            ThreadStack.push(a, maps, "out");
        } else {
            Snippets.storeKey(a, key);
        }
        a.call(Helper.KTIME_GET_NS).stx(Size.DW, R10, VALUE, R0);
        Snippets.updateKeyValue(a, maps.starts.fd(), 0); // BPF_ANY: a key seen again restarts
        a.jmp(Cond.EQ, R0, 0, "out");
        Snippets.increment(a, maps.counters, Counter.START_MAP_FULL, "full");
        Snippets.exitZero(a, "out");
        return a.build();
    }

    /**
     * End of a measured call: the clock is read first, then the start is looked up and removed and
     * the difference recorded. No tgid filter for a per-process probe or a tracepoint: only starts
     * of traced processes are in the map, so a lookup hit is the filter — and an end in another
     * context (an I/O completion interrupt) still pairs. A binary-wide return probe also fires in
     * other processes: those are filtered (and counted) first.
     *
     * <p>{@code returnProbe}: the end is a function's return. A return probe runs only for a call
     * whose entry breakpoint the thread hit, so an end without a start still cost an entry trap
     * that no program counted: a call made while only the return probe was in (the milliseconds
     * between the two links at a put-back, and the tens of milliseconds of a take-out, where the
     * entry link comes out first). It is counted as a firing here, so the cost model charges it.
     */
    public static List<Insn> latencyEnd(
            TraceMaps maps, KeySource key, ProgramScope scope, boolean returnProbe) {
        Asm a = new Asm();
        a.mov(R6, R1);
        if (scope == ProgramScope.BINARY) Snippets.requireMember(a, maps, scope, "out");
        a.call(Helper.KTIME_GET_NS).mov(R7, R0);
        // a uprobe's end runs only in traced processes (after the filter above): every run is a
        // firing the target
        // pays for; a tracepoint's end runs for every task, so only a paired one counts (below)
        if (scope != ProgramScope.SYSTEM)
            Snippets.increment(a, maps.counters, Counter.FIRINGS, "fired");
        if (key instanceof KeySource.Thread) {
            ThreadStack.pop(a, maps, "orphan");
        } else {
            Snippets.storeKey(a, key);
        }
        Snippets.onKey(a, maps.starts.fd(), Helper.MAP_LOOKUP_ELEM);
        a.jmp(Cond.NE, R0, 0, "paired");
        a.label("orphan");
        Snippets.increment(a, maps.counters, Counter.END_WITHOUT_START, "orphan");
        if (returnProbe) Snippets.increment(a, maps.counters, Counter.FIRINGS, "entry_trap");
        a.ja("out");
        a.label("paired").ldx(Size.DW, R1, R0, 0).sub(R7, R1);
        Snippets.onKey(a, maps.starts.fd(), Helper.MAP_DELETE_ELEM);
        Snippets.record(a, maps, R7, "rec");
        if (scope == ProgramScope.SYSTEM)
            Snippets.increment(a, maps.counters, Counter.FIRINGS, "fired");
        Snippets.exitZero(a, "out");
        return a.build();
    }

    /**
     * A function's latency from one uprobe session link (kernel 6.13+): the kernel runs this
     * program at the entry and, when the entry returned 0, at the return of the same call, with
     * eight bytes of its own for that call in between ({@link SessionKfuncs}). The entry stores the
     * clock there (read last), the return reads the clock first and records the difference. So one
     * link does what an entry and a return link do otherwise: no stack of open calls (recursion and
     * longjmp are the kernel's to track), no window where only one end is in, one close at a
     * take-out. A binary-wide entry in a process outside the target returns 1: its return is then
     * not hooked at all.
     *
     * <p>The start of a thread's outermost open call also goes into the starts map, keyed by
     * thread, so calls in flight stay visible (threads inside the function, the oldest start) and a
     * take-out can drop them, as with two links: an entry stores it only when the thread has none
     * (BPF_NOEXIST, so a recursive call keeps its caller's), a return removes it only when it is
     * its own (the cookie holds the same start). A call left by longjmp stays there, as with two
     * links.
     */
    public static List<Insn> latencySession(
            TraceMaps maps, ProgramScope scope, SessionKfuncs kfuncs) {
        Asm a = new Asm();
        a.mov(R6, R1);
        a.callKfunc(kfuncs.isReturn()).jmp(Cond.NE, R0, 0, "return");
        Snippets.requireMember(a, maps, scope, "untraced");
        Snippets.increment(a, maps.counters, Counter.FIRINGS, "fired");
        a.callKfunc(kfuncs.cookie())
                .mov(R7, R0)
                .call(Helper.GET_CURRENT_PID_TGID)
                .stx(Size.DW, R10, KEY, R0)
                .call(Helper.KTIME_GET_NS)
                .stx(Size.DW, R7, 0, R0)
                .stx(Size.DW, R10, VALUE, R0);
        Snippets.updateKeyValue(a, maps.starts.fd(), 1); // BPF_NOEXIST: an open outer call keeps it
        a.mov(R0, 0).exit();
        if (scope.filters()) a.label("untraced").mov(R0, 1).exit();
        a.label("return").call(Helper.KTIME_GET_NS).mov(R7, R0);
        Snippets.increment(a, maps.counters, Counter.FIRINGS, "ret_fired");
        a.callKfunc(kfuncs.cookie())
                .ldx(Size.DW, R8, R0, 0)
                .sub(R7, R8)
                .call(Helper.GET_CURRENT_PID_TGID)
                .stx(Size.DW, R10, KEY, R0);
        Snippets.onKey(a, maps.starts.fd(), Helper.MAP_LOOKUP_ELEM);
        a.jmp(Cond.EQ, R0, 0, "record").ldx(Size.DW, R1, R0, 0).jmp(Cond.NE, R1, R8, "record");
        Snippets.onKey(a, maps.starts.fd(), Helper.MAP_DELETE_ELEM);
        a.label("record");
        Snippets.record(a, maps, R7, "rec");
        Snippets.exitZero(a, "out");
        return a.build();
    }

    /** One event: counters[EVENTS] += 1. */
    public static List<Insn> count(TraceMaps maps, ProgramScope scope) {
        Asm a = new Asm();
        a.mov(R6, R1);
        Snippets.requireMember(a, maps, scope, "out");
        Snippets.increment(a, maps.counters, Counter.EVENTS, "ev");
        Snippets.increment(a, maps.counters, Counter.FIRINGS, "fired");
        Snippets.exitZero(a, "out");
        return a.build();
    }

    /**
     * Histogram of a numeric tracepoint field; negative values of a signed field are recorded as 0.
     */
    public static List<Insn> value(TraceMaps maps, int offset, int size, boolean signed) {
        Asm a = new Asm();
        a.mov(R6, R1);
        Snippets.requireTracedTgid(a, maps.tgids, "out");
        a.ldx(Snippets.size(size), R7, R6, offset);
        if (signed && size < 8) {
            int shift = 64 - size * 8;
            a.lsh(R7, shift).arsh(R7, shift);
        }
        if (signed) {
            a.jmp(Cond.SGE, R7, 0, "positive").mov(R7, 0).label("positive");
        }
        Snippets.increment(a, maps.counters, Counter.EVENTS, "ev");
        Snippets.increment(a, maps.counters, Counter.FIRINGS, "fired");
        Snippets.record(a, maps, R7, "rec");
        Snippets.exitZero(a, "out");
        return a.build();
    }
}

package io.tracejob.agent.programs;

import static io.tracejob.agent.bpf.asm.Reg.R0;
import static io.tracejob.agent.bpf.asm.Reg.R1;
import static io.tracejob.agent.bpf.asm.Reg.R10;
import static io.tracejob.agent.bpf.asm.Reg.R2;
import static io.tracejob.agent.bpf.asm.Reg.R3;
import static io.tracejob.agent.bpf.asm.Reg.R4;
import static io.tracejob.agent.bpf.asm.Reg.R6;
import static io.tracejob.agent.bpf.asm.Reg.R8;
import static io.tracejob.agent.bpf.asm.Reg.R9;

import io.tracejob.agent.bpf.PerCpuU64Array;
import io.tracejob.agent.bpf.ScalarHash;
import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Cond;
import io.tracejob.agent.bpf.asm.Helper;
import io.tracejob.agent.bpf.asm.Reg;
import io.tracejob.agent.bpf.asm.Size;
import io.tracejob.agent.histogram.HdrIndexEmitter;

/**
 * Instruction sequences shared by the probe programs. Stack slots: {@code fp-8} a u64 key, {@code
 * fp-16} a u64 value, {@code fp-20} a u32 index. The programs keep their context in R6.
 */
final class Snippets {
    private Snippets() {}

    static final int KEY = -8;
    static final int VALUE = -16;
    static final int INDEX = -20;

    /**
     * Exits with 0 unless the current task's tgid is in the traced set: tracepoint programs run
     * system-wide.
     */
    static void requireTracedTgid(Asm a, ScalarHash tgids, String exitLabel) {
        a.call(Helper.GET_CURRENT_PID_TGID)
                .rsh(R0, 32)
                .stx(Size.W, R10, INDEX, R0)
                .ldMapFd(R1, tgids.fd())
                .mov(R2, R10)
                .add(R2, INDEX)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmp(Cond.EQ, R0, 0, exitLabel);
    }

    /**
     * Exits with 0 unless the current process is traced, for programs whose {@code scope} runs them
     * in other processes; a binary-wide uprobe counts those foreign firings first. Clobbers R0–R5.
     */
    static void requireMember(Asm a, TraceMaps maps, ProgramScope scope, String exitLabel) {
        if (!scope.filters()) return;
        if (scope != ProgramScope.BINARY) {
            requireTracedTgid(a, maps.tgids, exitLabel);
            return;
        }
        String member = exitLabel + "_member";
        requireTracedTgid(a, maps.tgids, exitLabel + "_other");
        a.ja(member).label(exitLabel + "_other");
        increment(a, maps.counters, Counter.OTHER_PROCESS_FIRINGS, exitLabel + "_oth");
        a.ja(exitLabel).label(member);
    }

    /** Stores the pairing key at fp-8. */
    static void storeKey(Asm a, KeySource key) {
        if (key instanceof KeySource.Field f) {
            a.ldx(size(f.size()), R1, R6, f.offset()).stx(Size.DW, R10, KEY, R1);
        } else {
            a.call(Helper.GET_CURRENT_PID_TGID).stx(Size.DW, R10, KEY, R0);
        }
    }

    /**
     * {@code helper}(map, fp-8): a lookup or a delete of the key at fp-8; R0 is the helper's
     * result. Clobbers R0–R5.
     */
    static void onKey(Asm a, int mapFd, Helper helper) {
        a.ldMapFd(R1, mapFd).mov(R2, R10).add(R2, KEY).call(helper);
    }

    /**
     * map[fp-8] = fp-16 with {@code flags} (0 BPF_ANY, 1 BPF_NOEXIST); R0 is the helper's result.
     * Clobbers R0–R5.
     */
    static void updateKeyValue(Asm a, int mapFd, int flags) {
        a.ldMapFd(R1, mapFd)
                .mov(R2, R10)
                .add(R2, KEY)
                .mov(R3, R10)
                .add(R3, VALUE)
                .mov(R4, flags)
                .call(Helper.MAP_UPDATE_ELEM);
    }

    /** counters[c] += 1 on this CPU */
    static void increment(Asm a, PerCpuU64Array counters, Counter c, String prefix) {
        String skip = prefix + "_skip";
        a.st(Size.W, R10, INDEX, c.slot())
                .ldMapFd(R1, counters.fd())
                .mov(R2, R10)
                .add(R2, INDEX)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmp(Cond.EQ, R0, 0, skip)
                .mov(R1, 1)
                .atomicAdd(Size.DW, R0, 0, R1)
                .label(skip);
    }

    /**
     * histogram[index(value)] += 1, counting values above the trackable range as clamped. Clobbers
     * R0–R5, R8, R9; {@code value} must be a callee-saved register (R6–R9 other than R8/R9 — use
     * R7).
     */
    static void record(Asm a, TraceMaps maps, Reg value, String prefix) {
        String inRange = prefix + "_inrange";
        a.ldImm64(R8, maps.layout.maxRepresentable()).jmp(Cond.LE, value, R8, inRange);
        increment(a, maps.counters, Counter.CLAMPED, prefix + "_clamp");
        a.label(inRange);
        HdrIndexEmitter.emit(a, maps.layout, value, R9, R8, prefix + "_idx");
        String skip = prefix + "_nohist";
        a.stx(Size.W, R10, INDEX, R9)
                .ldMapFd(R1, maps.histogram.fd())
                .mov(R2, R10)
                .add(R2, INDEX)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmp(Cond.EQ, R0, 0, skip)
                .mov(R1, 1)
                .atomicAdd(Size.DW, R0, 0, R1)
                .label(skip);
    }

    static void exitZero(Asm a, String label) {
        a.label(label).mov(R0, 0).exit();
    }

    static Size size(int bytes) {
        return switch (bytes) {
            case 1 -> Size.B;
            case 2 -> Size.H;
            case 4 -> Size.W;
            case 8 -> Size.DW;
            default -> throw new IllegalArgumentException("no load of " + bytes + " bytes");
        };
    }
}

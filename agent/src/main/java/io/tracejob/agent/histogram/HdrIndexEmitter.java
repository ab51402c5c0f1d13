package io.tracejob.agent.histogram;

import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Cond;
import io.tracejob.agent.bpf.asm.Reg;

/**
 * Emits straight-line BPF (forward jumps only, no loops, no helper calls) that computes {@link
 * HdrLayout#index(long)} of the u64 in {@code value} into {@code out}.
 *
 * <p>floor(log2) is an unrolled binary search over shifts 32, 16, 8, 4, 2, 1. The 32 step compares
 * against a 64-bit constant in a register because a jump immediate is only 32 bits (sign-extended).
 * The result is clamped by an explicit {@code out <= length-1} jump, so on every path the verifier
 * knows {@code out} is a scalar in {@code [0, length-1]} and it can be used as an array-map
 * key/offset.
 *
 * <p>Registers: {@code value} is preserved; {@code out} and {@code tmp} are clobbered. 35
 * instruction slots, whatever the layout.
 */
public final class HdrIndexEmitter {
    private HdrIndexEmitter() {}

    public static void emit(
            Asm asm, HdrLayout layout, Reg value, Reg out, Reg tmp, String labelPrefix) {
        if (value == out || value == tmp || out == tmp) {
            throw new IllegalArgumentException(
                    "value, out and tmp must be three different registers, got "
                            + value
                            + ", "
                            + out
                            + ", "
                            + tmp);
        }
        if (value == Reg.R10 || out == Reg.R10 || tmp == Reg.R10) {
            throw new IllegalArgumentException(
                    "R10 is the read-only frame pointer and cannot be used for the HDR index");
        }
        int halfMag = layout.subBucketHalfCountMagnitude();
        int subBucketCount = layout.subBucketCount();
        int half = subBucketCount / 2;
        int last = layout.length() - 1;
        String large = labelPrefix + "_large",
                clamp = labelPrefix + "_clamp",
                done = labelPrefix + "_done";
        String below32 = labelPrefix + "_lt32", log2From16 = labelPrefix + "_log2_16";

        // values below subBucketCount index themselves
        asm.jmp(Cond.GE, value, subBucketCount, large).mov(out, value).ja(clamp);

        // out = floor(log2 value); tmp walks down to 1
        asm.label(large)
                .mov(tmp, value)
                .ldImm64(out, 0xFFFF_FFFFL)
                .jmp(Cond.LE, tmp, out, below32)
                .rsh(tmp, 32)
                .mov(out, 32)
                .ja(log2From16)
                .label(below32)
                .mov(out, 0)
                .label(log2From16);
        for (int shift = 16; shift >= 1; shift >>= 1) {
            String skip = labelPrefix + "_log2_skip" + shift;
            asm.jmp(Cond.LT, tmp, 1 << shift, skip).rsh(tmp, shift).add(out, shift).label(skip);
        }

        // b = p - halfMag (>= 1 here); index = ((b + 1) << halfMag) + (value >> b) - half
        asm.sub(out, halfMag)
                .mov(tmp, value)
                .rsh(tmp, out)
                .add(out, 1)
                .lsh(out, halfMag)
                .add(out, tmp)
                .sub(out, half);

        asm.label(clamp).jmp(Cond.LE, out, last, done).mov(out, last).label(done);
    }
}

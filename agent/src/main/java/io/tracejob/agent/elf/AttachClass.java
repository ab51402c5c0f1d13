package io.tracejob.agent.elf;

/**
 * How the kernel will execute the probed instruction — reported to users as {@code
 * overhead.attachClass} because it sets the per-call cost (an entry + return pair on the reference
 * node: emulated ≈ 2 µs, single-stepped ≈ 11 µs by {@code calibrate}; the kernel notes measured 7–9
 * µs and 22–25 µs on an earlier host — the ratio, not the figure, is what holds).
 */
public enum AttachClass {
    /**
     * int3 breakpoint; the kernel emulates the instruction (push reg, jmp/call/jcc rel, nop): the
     * cheaper int3 path.
     */
    INT3_EMULATED,
    /**
     * int3 breakpoint; the kernel copies the instruction out of line and single-steps it: about 3×
     * the cost.
     */
    INT3_SINGLE_STEP,
    /**
     * aarch64 brk breakpoint; whether the kernel simulates or single-steps the instruction is not
     * classified.
     */
    BRK_BREAKPOINT
}

package io.tracejob.agent.elf;

/**
 * How the kernel will execute the probed instruction — reported to users as {@code overhead.attachClass}
 * because it sets the per-call cost (measured here for an entry + return pair: emulated ≈ 7–9 µs,
 * single-stepped ≈ 22–25 µs).
 */
public enum AttachClass {
    /** int3 breakpoint; the kernel emulates the instruction (push reg, jmp/call/jcc rel, nop): the cheaper int3 path. */
    INT3_EMULATED,
    /** int3 breakpoint; the kernel copies the instruction out of line and single-steps it: about 3× the cost. */
    INT3_SINGLE_STEP,
    /** aarch64 brk breakpoint; whether the kernel simulates or single-steps the instruction is not classified. */
    BRK_BREAKPOINT
}

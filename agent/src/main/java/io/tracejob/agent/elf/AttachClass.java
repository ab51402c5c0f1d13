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
    /**
     * The site was a 5-byte nop, which the kernel would patch into a call to a per-process trampoline — cheap
     * (≈ 3 µs) but a child forked while the probe is attached dies with SIGSEGV. The probe was moved past it; the
     * description says whether the instruction now probed is emulated or single-stepped.
     */
    NOP5_TRAMPOLINE_AVOIDED,
    /** aarch64 brk breakpoint; whether the kernel simulates or single-steps the instruction is not classified. */
    BRK_BREAKPOINT
}

package io.tracejob.agent.elf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the instruction a uprobe is placed on, and says what it will cost.
 *
 * <p>x86_64 rules (measured on kernel 6.18, see docs/kernel-facts): a leading {@code endbr64} is
 * skipped — the kernel single-steps it (≈ 22.5 µs per call against ≈ 7.3 µs four bytes later). A
 * 5-byte nop is never probed — the kernel rewrites it into a call to a per-process trampoline that
 * a forked child does not inherit (the child dies with SIGSEGV). Only those two, which touch
 * neither stack nor registers, are skipped, and at most two instructions: a return probe at the
 * same address still finds the return address on top of the stack, and the function's first bytes
 * are not plausible targets of a branch inside it.
 */
public final class AttachSite {
    private static final int MAX_SKIPPED_INSNS = 2;
    private static final int WINDOW = 32;
    private static final int MAX_BOUNDARY_WALK = 512;

    private AttachSite() {}

    public static AttachPoint choose(ElfFile elf, ResolvedSymbol sym) throws IOException {
        if (elf.machine() == ElfFile.EM_AARCH64) {
            return new AttachPoint(
                    sym.fileOffset(),
                    sym.vaddr(),
                    0,
                    AttachClass.BRK_BREAKPOINT,
                    "aarch64 brk breakpoint at "
                            + where(sym, 0)
                            + " (no adjustment; simulated vs single-stepped not classified)");
        }
        String boundary = sym.atEntry() ? "" : checkBoundary(elf, sym);
        long room = sym.size() > 0 ? sym.size() - sym.offsetIntoSymbol() : WINDOW;
        byte[] code = readUpTo(elf, sym.vaddr(), (int) Math.min(WINDOW, Math.max(room, 1)));

        int pos = 0;
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < MAX_SKIPPED_INSNS; i++) {
            X86Insn insn = X86Insn.decode(code, pos);
            if (insn == null) break;
            boolean endbrAtEntry = insn.kind() == X86Insn.Kind.ENDBR64 && pos == 0 && sym.atEntry();
            if (!endbrAtEntry && !insn.isNop5()) break;
            if (pos + insn.length() >= room) {
                if (insn.isNop5()) {
                    throw new ElfException(
                            "'"
                                    + sym.name()
                                    + "' in "
                                    + elf.path()
                                    + ": the probe site "
                                    + where(sym, pos)
                                    + " is a 5-byte nop with no instruction after it inside the function; probing a 5-byte nop is "
                                    + "not fork-safe (the kernel turns it into a trampoline call that forked children lack)");
                }
                break; // endbr64 is all there is: probing it is slow but correct
            }
            skipped.add(
                    insn.isNop5()
                            ? "5-byte nop (kernel would patch it into a fork-unsafe trampoline call)"
                            : "endbr64 (the kernel single-steps it)");
            pos += insn.length();
        }

        X86Insn at = X86Insn.decode(code, pos);
        if (at != null && at.isNop5()) {
            throw new ElfException(
                    "'"
                            + sym.name()
                            + "' in "
                            + elf.path()
                            + ": still at a 5-byte nop after skipping "
                            + MAX_SKIPPED_INSNS
                            + " instructions ("
                            + where(sym, pos)
                            + "); refusing a fork-unsafe probe site");
        }
        boolean emulated = at != null && emulatedByKernel(at);
        String what =
                at == null
                        ? "an instruction this decoder does not know (bytes "
                                + hex(code, pos, 6)
                                + "), assumed single-stepped"
                        : at.mnemonic()
                                + (emulated
                                        ? ", emulated by the kernel"
                                        : ", single-stepped by the kernel");
        // The class is what the probed instruction costs; a skipped nop5 is told in the
        // description.
        AttachClass cls = emulated ? AttachClass.INT3_EMULATED : AttachClass.INT3_SINGLE_STEP;
        String description =
                "int3 at "
                        + where(sym, pos)
                        + ": "
                        + what
                        + (skipped.isEmpty()
                                ? ""
                                : "; skipped " + pos + " bytes: " + String.join(", ", skipped))
                        + boundary;
        return new AttachPoint(sym.fileOffset() + pos, sym.vaddr() + pos, pos, cls, description);
    }

    /**
     * An explicit offset must start an instruction: an int3 written into the middle of one corrupts
     * it and the target crashes. Walks the function from its start with the decoder; an overshoot
     * is an error, an instruction the decoder does not know ends the check (reported as
     * unverified).
     */
    private static String checkBoundary(ElfFile elf, ResolvedSymbol sym) throws IOException {
        long want = sym.offsetIntoSymbol();
        if (want > MAX_BOUNDARY_WALK)
            return "; offset not verified to be an instruction boundary (more than "
                    + MAX_BOUNDARY_WALK
                    + " bytes in)";
        byte[] code = readUpTo(elf, sym.symbolVaddr(), (int) want + 16);
        int pos = 0;
        while (pos < want) {
            X86Insn insn = X86Insn.decode(code, pos);
            if (insn == null) {
                return "; offset not verified to be an instruction boundary (undecodable instruction at +"
                        + pos
                        + ")";
            }
            if (pos + insn.length() > want) {
                throw new ElfException(
                        "'"
                                + sym.name()
                                + "' in "
                                + elf.path()
                                + ": offset "
                                + want
                                + " falls inside the "
                                + insn.length()
                                + "-byte instruction at +"
                                + pos
                                + " ("
                                + insn.mnemonic()
                                + "); a breakpoint there would "
                                + "corrupt the code. Use +"
                                + pos
                                + " or +"
                                + (pos + insn.length()));
            }
            pos += insn.length();
        }
        return "; offset verified to be an instruction boundary";
    }

    /**
     * Mirrors arch/x86/kernel/uprobes.c: branch_setup_xol_ops emulates jmp/call/jcc rel and nops
     * (x86_nops / insn_is_nop in 6.x), push_setup_xol_ops emulates push reg; everything else runs
     * out of line, single-stepped.
     */
    static boolean emulatedByKernel(X86Insn insn) {
        return switch (insn.kind()) {
            case PUSH_REG, REL_BRANCH, NOP -> true;
            case ENDBR64, OTHER -> false;
        };
    }

    private static byte[] readUpTo(ElfFile elf, long vaddr, int wanted) throws IOException {
        for (int n = wanted; ; n = n / 2) {
            try {
                return elf.readVaddr(vaddr, n);
            } catch (ElfException e) {
                if (n <= 1) throw e; // the start itself is not in the file
            }
        }
    }

    private static String where(ResolvedSymbol sym, int pos) {
        long off = sym.offsetIntoSymbol() + pos;
        return sym.name()
                + (off == 0 ? "" : "+" + off)
                + " (0x"
                + Long.toHexString(sym.vaddr() + pos)
                + ")";
    }

    private static String hex(byte[] code, int from, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < Math.min(code.length, from + max); i++) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(String.format("%02x", code[i]));
        }
        return sb.toString();
    }
}

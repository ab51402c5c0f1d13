package io.tracejob.agent.elf;

/**
 * A minimal x86-64 instruction length decoder for the instructions compilers put at function
 * entries (endbr64, nops, push/pop, mov/lea/arithmetic with ModRM, sub/add rsp, rel branches). It
 * does not try to be complete: {@link #decode} returns {@code null} for anything else, and callers
 * then stay where they are.
 *
 * @param length bytes of the whole instruction, prefixes included
 * @param kind what the kernel's uprobe code cares about
 * @param mnemonic a short human name for descriptions
 */
public record X86Insn(int length, Kind kind, String mnemonic) {
    public enum Kind {
        ENDBR64,
        /** A no-op: {@code 90}, {@code 66 90}, {@code 0f 1f /0} with any ModRM form. */
        NOP,
        PUSH_REG,
        REL_BRANCH,
        OTHER
    }

    public boolean isNop5() {
        return kind == Kind.NOP && length == 5;
    }

    public static X86Insn decode(byte[] code, int start) {
        try {
            return decode0(code, start);
        } catch (ArrayIndexOutOfBoundsException e) {
            return null; // ran off the bytes we have: treat as undecodable
        }
    }

    private static X86Insn decode0(byte[] c, int start) {
        int p = start;
        boolean opsize = false, rep = false, repne = false;
        while (true) { // legacy prefixes we expect in prologues
            int b = u(c, p);
            if (b == 0x66) opsize = true;
            else if (b == 0xf3) rep = true;
            else if (b == 0xf2) repne = true;
            else break;
            p++;
            if (p - start > 4) return null;
        }
        int rex = 0;
        if ((u(c, p) & 0xf0) == 0x40) rex = u(c, p++);
        boolean rexW = (rex & 8) != 0;
        int op = u(c, p++);

        if (op == 0x0f) {
            int op2 = u(c, p++);
            if (op2 == 0x1e && rep && u(c, p) == 0xfa && rex == 0)
                return insn(start, p + 1, Kind.ENDBR64, "endbr64");
            if (op2 == 0x1f && reg(u(c, p)) == 0)
                return insn(start, modrmEnd(c, p), Kind.NOP, "nop (0f 1f)");
            if (op2 >= 0x80 && op2 <= 0x8f) return insn(start, p + 4, Kind.REL_BRANCH, "jcc rel32");
            if (op2 == 0xaf) return insn(start, modrmEnd(c, p), Kind.OTHER, "imul");
            if (op2 >= 0xb6
                    && op2 <= 0xbf
                    && op2 != 0xb8
                    && op2 != 0xb9
                    && op2 != 0xba
                    && op2 != 0xbb) {
                return insn(start, modrmEnd(c, p), Kind.OTHER, "movzx/movsx");
            }
            return null;
        }
        if (op == 0x90) {
            if (rep) return insn(start, p, Kind.OTHER, "pause");
            return insn(
                    start,
                    p,
                    (rex & 1) != 0 ? Kind.OTHER : Kind.NOP,
                    (rex & 1) != 0 ? "xchg r8,rax" : "nop");
        }
        if (op >= 0x50 && op <= 0x57)
            return insn(start, p, Kind.PUSH_REG, "push " + regName(op - 0x50, rex));
        if (op >= 0x58 && op <= 0x5f)
            return insn(start, p, Kind.OTHER, "pop " + regName(op - 0x58, rex));
        if (op == 0x6a) return insn(start, p + 1, Kind.OTHER, "push imm8");
        if (op == 0x68) return insn(start, p + 4, Kind.OTHER, "push imm32");
        if (op == 0xe8) return insn(start, p + 4, Kind.REL_BRANCH, "call rel32");
        if (op == 0xe9) return insn(start, p + 4, Kind.REL_BRANCH, "jmp rel32");
        if (op == 0xeb) return insn(start, p + 1, Kind.REL_BRANCH, "jmp rel8");
        if (op >= 0x70 && op <= 0x7f) return insn(start, p + 1, Kind.REL_BRANCH, "jcc rel8");
        if (op == 0xc3) return insn(start, p, Kind.OTHER, rep ? "rep ret" : "ret");
        if (op == 0xcc) return insn(start, p, Kind.OTHER, "int3");
        if (op >= 0xb8 && op <= 0xbf)
            return insn(start, p + (rexW ? 8 : opsize ? 2 : 4), Kind.OTHER, "mov reg, imm");
        // ALU ops r/m,r and r,r/m: add or adc sbb and sub xor cmp (00-3b, low 3 bits 0-3), test,
        // xchg, mov, lea
        if (op <= 0x3f && (op & 7) <= 3)
            return insn(start, modrmEnd(c, p), Kind.OTHER, ALU[op >> 3]);
        if (op <= 0x3f && (op & 7) == 4)
            return insn(start, p + 1, Kind.OTHER, ALU[op >> 3] + " al, imm8");
        if (op <= 0x3f && (op & 7) == 5)
            return insn(start, p + (opsize ? 2 : 4), Kind.OTHER, ALU[op >> 3] + " eax, imm");
        if (op == 0x63) return insn(start, modrmEnd(c, p), Kind.OTHER, "movsxd");
        if (op >= 0x84 && op <= 0x8b)
            return insn(
                    start,
                    modrmEnd(c, p),
                    Kind.OTHER,
                    op <= 0x85 ? "test" : op <= 0x87 ? "xchg" : "mov");
        if (op == 0x8d) return insn(start, modrmEnd(c, p), Kind.OTHER, "lea");
        if (op == 0x83)
            return insn(start, modrmEnd(c, p) + 1, Kind.OTHER, ALU[reg(u(c, p))] + " r/m, imm8");
        if (op == 0x81)
            return insn(
                    start,
                    modrmEnd(c, p) + (opsize ? 2 : 4),
                    Kind.OTHER,
                    ALU[reg(u(c, p))] + " r/m, imm32");
        if (op == 0xc7 && reg(u(c, p)) == 0)
            return insn(start, modrmEnd(c, p) + (opsize ? 2 : 4), Kind.OTHER, "mov r/m, imm32");
        if (op == 0xc6 && reg(u(c, p)) == 0)
            return insn(start, modrmEnd(c, p) + 1, Kind.OTHER, "mov r/m8, imm8");
        return null;
    }

    private static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};

    /** Index just past ModRM, SIB and displacement, given the index of the ModRM byte. */
    private static int modrmEnd(byte[] c, int p) {
        int modrm = u(c, p);
        int mod = modrm >> 6, rm = modrm & 7;
        int q = p + 1;
        if (mod == 3) return q;
        if (rm == 4) { // SIB follows
            int sib = u(c, q++);
            if (mod == 0 && (sib & 7) == 5) return q + 4;
        } else if (mod == 0 && rm == 5) {
            return q + 4; // RIP-relative disp32
        }
        return q + (mod == 1 ? 1 : mod == 2 ? 4 : 0);
    }

    private static int reg(int modrm) {
        return (modrm >> 3) & 7;
    }

    private static final String[] REGS = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};

    private static String regName(int r, int rex) {
        return (rex & 1) != 0 ? "r" + (r + 8) : REGS[r];
    }

    private static int u(byte[] c, int i) {
        return Byte.toUnsignedInt(c[i]);
    }

    private static X86Insn insn(int start, int end, Kind kind, String mnemonic) {
        return new X86Insn(end - start, kind, mnemonic);
    }
}

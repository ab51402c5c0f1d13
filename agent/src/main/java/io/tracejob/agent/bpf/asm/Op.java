package io.tracejob.agent.bpf.asm;

/** Opcode bit fields from the kernel's UAPI (linux/bpf_common.h, linux/bpf.h). */
final class Op {
    private Op() {}

    // instruction classes
    static final int LD = 0x00,
            LDX = 0x01,
            ST = 0x02,
            STX = 0x03,
            ALU = 0x04,
            JMP = 0x05,
            ALU64 = 0x07;
    // modes
    static final int IMM = 0x00, MEM = 0x60, ATOMIC = 0xc0;
    // sources
    static final int K = 0x00, X = 0x08;
    // ALU operations
    static final int ADD = 0x00,
            SUB = 0x10,
            MUL = 0x20,
            DIV = 0x30,
            OR = 0x40,
            AND = 0x50,
            LSH = 0x60,
            RSH = 0x70,
            NEG = 0x80,
            MOD = 0x90,
            XOR = 0xa0,
            MOV = 0xb0,
            ARSH = 0xc0;
    // jump operations
    static final int JA = 0x00,
            JEQ = 0x10,
            JGT = 0x20,
            JGE = 0x30,
            JSET = 0x40,
            JNE = 0x50,
            JSGT = 0x60,
            JSGE = 0x70,
            CALL = 0x80,
            EXIT = 0x90,
            JLT = 0xa0,
            JLE = 0xb0,
            JSLT = 0xc0,
            JSLE = 0xd0;
    static final int PSEUDO_MAP_FD = 1;

    /** a call's src_reg for a kernel function (kfunc) named by its vmlinux BTF id in imm */
    static final int PSEUDO_KFUNC_CALL = 2;
}

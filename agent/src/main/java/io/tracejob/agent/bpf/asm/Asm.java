package io.tracejob.agent.bpf.asm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small typed eBPF assembler: instructions are appended as values and jumps name labels, which
 * {@link #build()} resolves to slot offsets. All arithmetic is 64-bit (ALU64) unless a method says
 * otherwise, because every value we handle (timestamps, pid_tgid, indexes) is a u64.
 */
public final class Asm {
    private final List<Insn> insns = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    /** slot index of a jump → label it targets */
    private final Map<Integer, String> fixups = new HashMap<>();

    private Asm emit(int opcode, Reg dst, Reg src, int off, int imm) {
        insns.add(new Insn(opcode, dst.num(), src.num(), off, imm));
        return this;
    }

    private Asm alu(int op, Reg dst, int imm) {
        return emit(Op.ALU64 | op | Op.K, dst, Reg.R0, 0, imm);
    }

    private Asm alu(int op, Reg dst, Reg src) {
        return emit(Op.ALU64 | op | Op.X, dst, src, 0, 0);
    }

    public Asm mov(Reg dst, int imm) {
        return alu(Op.MOV, dst, imm);
    }

    public Asm mov(Reg dst, Reg src) {
        return alu(Op.MOV, dst, src);
    }

    public Asm add(Reg dst, int imm) {
        return alu(Op.ADD, dst, imm);
    }

    public Asm add(Reg dst, Reg src) {
        return alu(Op.ADD, dst, src);
    }

    public Asm sub(Reg dst, int imm) {
        return alu(Op.SUB, dst, imm);
    }

    public Asm sub(Reg dst, Reg src) {
        return alu(Op.SUB, dst, src);
    }

    public Asm mul(Reg dst, int imm) {
        return alu(Op.MUL, dst, imm);
    }

    public Asm and(Reg dst, int imm) {
        return alu(Op.AND, dst, imm);
    }

    public Asm or(Reg dst, int imm) {
        return alu(Op.OR, dst, imm);
    }

    public Asm or(Reg dst, Reg src) {
        return alu(Op.OR, dst, src);
    }

    public Asm lsh(Reg dst, int imm) {
        return alu(Op.LSH, dst, imm);
    }

    public Asm lsh(Reg dst, Reg src) {
        return alu(Op.LSH, dst, src);
    }

    public Asm rsh(Reg dst, int imm) {
        return alu(Op.RSH, dst, imm);
    }

    public Asm rsh(Reg dst, Reg src) {
        return alu(Op.RSH, dst, src);
    }

    public Asm arsh(Reg dst, int imm) {
        return alu(Op.ARSH, dst, imm);
    }

    public Asm neg(Reg dst) {
        return emit(Op.ALU64 | Op.NEG, dst, Reg.R0, 0, 0);
    }

    /** 32-bit move: zero-extends into the upper half, as the kernel defines. */
    public Asm mov32(Reg dst, Reg src) {
        return emit(Op.ALU | Op.MOV | Op.X, dst, src, 0, 0);
    }

    /** Two-slot load of a 64-bit constant. */
    public Asm ldImm64(Reg dst, long value) {
        emit(Op.LD | Size.DW.code | Op.IMM, dst, Reg.R0, 0, (int) value);
        return emit(0, Reg.R0, Reg.R0, 0, (int) (value >>> 32));
    }

    /** Loads a map reference; the verifier rewrites the fd into the map's kernel address. */
    public Asm ldMapFd(Reg dst, int mapFd) {
        insns.add(new Insn(Op.LD | Size.DW.code | Op.IMM, dst.num(), Op.PSEUDO_MAP_FD, 0, mapFd));
        return emit(0, Reg.R0, Reg.R0, 0, 0);
    }

    /** dst = *(size *)(src + off) */
    public Asm ldx(Size size, Reg dst, Reg src, int off) {
        return emit(Op.LDX | size.code | Op.MEM, dst, src, off, 0);
    }

    /** *(size *)(dst + off) = src */
    public Asm stx(Size size, Reg dst, int off, Reg src) {
        return emit(Op.STX | size.code | Op.MEM, dst, src, off, 0);
    }

    /** *(size *)(dst + off) = imm */
    public Asm st(Size size, Reg dst, int off, int imm) {
        return emit(Op.ST | size.code | Op.MEM, dst, Reg.R0, off, imm);
    }

    /** lock *(size *)(dst + off) += src — atomic, for counters shared between CPUs. */
    public Asm atomicAdd(Size size, Reg dst, int off, Reg src) {
        if (size != Size.W && size != Size.DW)
            throw new IllegalArgumentException("atomic add is W or DW only");
        return emit(Op.STX | size.code | Op.ATOMIC, dst, src, off, Op.ADD);
    }

    public Asm call(Helper helper) {
        return emit(Op.JMP | Op.CALL, Reg.R0, Reg.R0, 0, helper.id);
    }

    /**
     * Calls a kernel function exported to BPF (a kfunc), named by its FUNC id in the kernel's BTF.
     * R0 holds its result; R1–R5 are clobbered as by a helper.
     */
    public Asm callKfunc(int vmlinuxBtfId) {
        insns.add(new Insn(Op.JMP | Op.CALL, 0, Op.PSEUDO_KFUNC_CALL, 0, vmlinuxBtfId));
        return this;
    }

    public Asm exit() {
        return emit(Op.JMP | Op.EXIT, Reg.R0, Reg.R0, 0, 0);
    }

    public Asm ja(String label) {
        return jump(Op.JMP | Op.JA, Reg.R0, Reg.R0, 0, label);
    }

    public Asm jmp(Cond cond, Reg dst, int imm, String label) {
        return jump(Op.JMP | cond.code | Op.K, dst, Reg.R0, imm, label);
    }

    public Asm jmp(Cond cond, Reg dst, Reg src, String label) {
        return jump(Op.JMP | cond.code | Op.X, dst, src, 0, label);
    }

    private Asm jump(int opcode, Reg dst, Reg src, int imm, String label) {
        fixups.put(insns.size(), label);
        return emit(opcode, dst, src, 0, imm);
    }

    /** Marks the next instruction as the target of {@code name}. */
    public Asm label(String name) {
        if (labels.putIfAbsent(name, insns.size()) != null)
            throw new IllegalStateException("duplicate label " + name);
        return this;
    }

    /** Number of slots emitted so far. */
    public int size() {
        return insns.size();
    }

    /** Resolves labels; fails on an unknown label or a program that does not end in exit. */
    public List<Insn> build() {
        List<Insn> out = new ArrayList<>(insns);
        for (Map.Entry<Integer, String> f : fixups.entrySet()) {
            Integer target = labels.get(f.getValue());
            if (target == null) throw new IllegalStateException("unknown label " + f.getValue());
            if (target == insns.size())
                throw new IllegalStateException(
                        "label " + f.getValue() + " points past the last instruction");
            Insn j = out.get(f.getKey());
            out.set(
                    f.getKey(),
                    new Insn(j.opcode(), j.dst(), j.src(), target - f.getKey() - 1, j.imm()));
        }
        if (out.isEmpty() || out.get(out.size() - 1).opcode() != (Op.JMP | Op.EXIT)) {
            throw new IllegalStateException("program must end with exit");
        }
        return List.copyOf(out);
    }

    /** The program as the byte image {@code BPF_PROG_LOAD} takes. */
    public byte[] encode() {
        List<Insn> program = build();
        byte[] out = new byte[program.size() * 8];
        for (int i = 0; i < program.size(); i++) program.get(i).encode(out, i * 8);
        return out;
    }
}

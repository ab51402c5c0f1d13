package io.tracejob.agent.histogram;

import io.tracejob.agent.bpf.asm.Insn;
import java.util.List;

/**
 * A deliberately tiny eBPF interpreter for testing emitted arithmetic without a kernel: ALU64/ALU32
 * register and immediate ops, 64-bit immediate loads, all conditional jumps, exit. Anything else
 * (memory, calls) fails loudly, as do reads of unset registers, shifts of 64 or more (undefined in
 * the kernel) and backward jumps (the code under test must be loop-free).
 */
final class BpfInterpreter {
    private static final int LD = 0x00, ALU = 0x04, JMP = 0x05, ALU64 = 0x07;

    private final List<Insn> program;

    BpfInterpreter(List<Insn> program) {
        this.program = program;
        for (int pc = 0; pc < program.size(); pc++) {
            Insn in = program.get(pc);
            int cls = in.opcode() & 7;
            if (cls == JMP
                    && (in.opcode() & 0xf0) != 0x90
                    && (in.opcode() & 0xf0) != 0x80
                    && in.off() < 0) {
                throw new IllegalArgumentException("backward jump at " + pc + ": " + in);
            }
            if (in.opcode() == 0x18) pc++;
        }
    }

    /** Runs with the given registers set (others unset) and returns R0 at exit. */
    long run(long... initialRegs) {
        long[] r = new long[11];
        boolean[] set = new boolean[11];
        for (int i = 0; i < initialRegs.length; i++) {
            r[i] = initialRegs[i];
            set[i] = true;
        }
        return run(r, set);
    }

    /**
     * Runs with registers {@code r}; only those flagged in {@code set} may be read before written.
     */
    long run(long[] r, boolean[] set) {
        int pc = 0;
        int steps = 0;
        while (true) {
            if (pc < 0 || pc >= program.size())
                throw new IllegalStateException("pc out of program: " + pc);
            if (++steps > 100_000) throw new IllegalStateException("too many steps");
            Insn in = program.get(pc);
            int op = in.opcode();
            int cls = op & 7;
            int code = op & 0xf0;
            boolean regSrc = (op & 0x08) != 0;
            switch (cls) {
                case LD -> {
                    if (op != 0x18 || in.src() != 0)
                        throw new UnsupportedOperationException("load at " + pc + ": " + in);
                    long hi = program.get(pc + 1).imm();
                    r[in.dst()] = (hi << 32) | (in.imm() & 0xFFFF_FFFFL);
                    set[in.dst()] = true;
                    pc += 2;
                    continue;
                }
                case ALU64, ALU -> {
                    long src = regSrc ? read(r, set, in.src(), pc) : (long) in.imm();
                    long dst =
                            code == 0xb0 ? 0 : read(r, set, in.dst(), pc); // mov does not read dst
                    boolean is64 = cls == ALU64;
                    if (!is64) {
                        src &= 0xFFFF_FFFFL;
                        dst &= 0xFFFF_FFFFL;
                    }
                    int width = is64 ? 64 : 32;
                    long res =
                            switch (code) {
                                case 0x00 -> dst + src;
                                case 0x10 -> dst - src;
                                case 0x20 -> dst * src;
                                case 0x40 -> dst | src;
                                case 0x50 -> dst & src;
                                case 0x60 -> dst << shift(src, width, pc);
                                case 0x70 ->
                                        dst
                                                >>> shift(
                                                        src, width,
                                                        pc); // dst already zero-extended for ALU32
                                case 0xc0 ->
                                        is64
                                                ? dst >> shift(src, width, pc)
                                                : ((int) dst) >> shift(src, width, pc);
                                case 0x80 -> -dst;
                                case 0xa0 -> dst ^ src;
                                case 0xb0 -> src;
                                default ->
                                        throw new UnsupportedOperationException(
                                                "ALU op at " + pc + ": " + in);
                            };
                    r[in.dst()] = is64 ? res : res & 0xFFFF_FFFFL;
                    set[in.dst()] = true;
                }
                case JMP -> {
                    if (code == 0x90) return read(r, set, 0, pc);
                    if (code == 0x80)
                        throw new UnsupportedOperationException("helper call at " + pc + ": " + in);
                    boolean taken;
                    if (code == 0x00) taken = true;
                    else {
                        long a = read(r, set, in.dst(), pc);
                        long b = regSrc ? read(r, set, in.src(), pc) : (long) in.imm();
                        taken =
                                switch (code) {
                                    case 0x10 -> a == b;
                                    case 0x20 -> Long.compareUnsigned(a, b) > 0;
                                    case 0x30 -> Long.compareUnsigned(a, b) >= 0;
                                    case 0x40 -> (a & b) != 0;
                                    case 0x50 -> a != b;
                                    case 0x60 -> a > b;
                                    case 0x70 -> a >= b;
                                    case 0xa0 -> Long.compareUnsigned(a, b) < 0;
                                    case 0xb0 -> Long.compareUnsigned(a, b) <= 0;
                                    case 0xc0 -> a < b;
                                    case 0xd0 -> a <= b;
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    "jump at " + pc + ": " + in);
                                };
                    }
                    if (taken) pc += in.off();
                }
                default ->
                        throw new UnsupportedOperationException(
                                "instruction class " + cls + " at " + pc + ": " + in);
            }
            pc++;
        }
    }

    private static long read(long[] r, boolean[] set, int reg, int pc) {
        if (!set[reg])
            throw new IllegalStateException("read of unset register r" + reg + " at " + pc);
        return r[reg];
    }

    private static int shift(long amount, int width, int pc) {
        if (amount < 0 || amount >= width)
            throw new IllegalStateException("shift by " + amount + " at " + pc + " is undefined");
        return (int) amount;
    }
}

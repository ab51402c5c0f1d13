package io.tracejob.agent.bpf.asm;

/**
 * One 8-byte eBPF instruction slot as a value. A 64-bit immediate load occupies two slots; its
 * second half is an {@code Insn} with opcode 0 carrying the upper 32 bits.
 */
public record Insn(int opcode, int dst, int src, int off, int imm) {

    public Insn {
        if (opcode < 0 || opcode > 0xff)
            throw new IllegalArgumentException("opcode out of range: " + opcode);
        if (dst < 0 || dst > 10 || src < 0 || src > 15)
            throw new IllegalArgumentException("register out of range");
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE)
            throw new IllegalArgumentException("offset out of range: " + off);
    }

    /** Little-endian encoding as the kernel expects on x86_64 and arm64. */
    public void encode(byte[] out, int at) {
        out[at] = (byte) opcode;
        out[at + 1] = (byte) ((src << 4) | dst);
        out[at + 2] = (byte) off;
        out[at + 3] = (byte) (off >> 8);
        out[at + 4] = (byte) imm;
        out[at + 5] = (byte) (imm >> 8);
        out[at + 6] = (byte) (imm >> 16);
        out[at + 7] = (byte) (imm >> 24);
    }

    @Override
    public String toString() {
        return String.format("op=%02x dst=r%d src=r%d off=%d imm=%d", opcode, dst, src, off, imm);
    }
}

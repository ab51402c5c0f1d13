package io.tracejob.agent.bpf.asm;

/** Operand width of a load or store. */
public enum Size {
    W(0x00, 4),
    H(0x08, 2),
    B(0x10, 1),
    DW(0x18, 8);

    final int code;
    public final int bytes;

    Size(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }
}

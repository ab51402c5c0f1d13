package io.tracejob.agent.bpf.asm;

/** Conditions of a 64-bit conditional jump; unsigned unless named signed. */
public enum Cond {
    EQ(Op.JEQ),
    NE(Op.JNE),
    GT(Op.JGT),
    GE(Op.JGE),
    LT(Op.JLT),
    LE(Op.JLE),
    SGT(Op.JSGT),
    SGE(Op.JSGE),
    SLT(Op.JSLT),
    SLE(Op.JSLE),
    SET(Op.JSET);

    final int code;

    Cond(int code) {
        this.code = code;
    }
}

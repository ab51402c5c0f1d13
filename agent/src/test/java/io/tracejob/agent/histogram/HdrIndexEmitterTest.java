package io.tracejob.agent.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.bpf.asm.Reg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the emitted BPF in {@link BpfInterpreter} and compares it with {@link HdrLayout#index} value
 * by value.
 */
class HdrIndexEmitterTest {
    private static final int RANDOM_VALUES = 1_000_000;

    /**
     * The emitted index code followed by {@code r0 = out; exit}; only {@code value} is set on
     * entry.
     */
    private record Program(HdrLayout layout, Reg value, List<Insn> insns, BpfInterpreter bpf) {
        static Program of(HdrLayout layout, Reg value, Reg out, Reg tmp) {
            Asm asm = new Asm();
            HdrIndexEmitter.emit(asm, layout, value, out, tmp, "hdr");
            asm.mov(Reg.R0, out).exit();
            List<Insn> insns = asm.build();
            return new Program(layout, value, insns, new BpfInterpreter(insns));
        }

        void check(long v) {
            long[] regs = new long[11];
            boolean[] set = new boolean[11];
            // only the value register is set: reading any other register first would be an
            // uninitialised-read bug
            regs[value.num()] = v;
            set[value.num()] = true;
            long got = bpf.run(regs, set);
            long want = layout.index(v);
            if (got != want) {
                throw new AssertionError(
                        "value "
                                + Long.toUnsignedString(v)
                                + " ("
                                + layout
                                + "): BPF index "
                                + got
                                + ", layout index "
                                + want);
            }
            if (regs[value.num()] != v)
                throw new AssertionError("value register changed for " + Long.toUnsignedString(v));
        }
    }

    @ParameterizedTest(name = "digits={0}")
    @ValueSource(ints = {1, 2, 3})
    void emittedCodeMatchesLayoutIndexForMillionsOfValues(int digits) {
        for (long highest : new long[] {HdrLayout.ONE_HOUR_NANOS, 1000, Long.MAX_VALUE}) {
            HdrLayout layout = new HdrLayout(digits, highest);
            Program p = Program.of(layout, Reg.R6, Reg.R7, Reg.R8);
            SplittableRandom rnd = new SplittableRandom(42 + digits);
            for (long v : edgeValues(layout)) p.check(v);
            int n = highest == HdrLayout.ONE_HOUR_NANOS ? RANDOM_VALUES : RANDOM_VALUES / 10;
            for (int i = 0; i < n; i++) {
                long v =
                        switch (i % 3) {
                            case 0 -> rnd.nextLong(); // full u64 range
                            case 1 -> rnd.nextLong() >>> rnd.nextInt(64); // every magnitude
                            default ->
                                    rnd.nextLong(
                                            Math.min(layout.maxRepresentable(), Long.MAX_VALUE - 2)
                                                    + 2); // inside the array, and just past
                        };
                p.check(v);
            }
        }
    }

    @Test
    void everyBucketBoundaryOfTheLatencyLayouts() {
        for (int digits = 1; digits <= 3; digits++) {
            HdrLayout layout = HdrLayout.latency(digits);
            Program p = Program.of(layout, Reg.R1, Reg.R2, Reg.R3);
            for (int i = 0; i < layout.length(); i++) {
                p.check(layout.valueAtIndex(i));
                p.check(layout.highestValueAtIndex(i));
                p.check(layout.highestValueAtIndex(i) + 1);
            }
        }
    }

    @Test
    void codeIsLoopFreeCallFreeAndShort() {
        for (int digits = 1; digits <= 3; digits++) {
            Program p = Program.of(HdrLayout.latency(digits), Reg.R6, Reg.R7, Reg.R8);
            for (Insn in : p.insns()) {
                boolean jmpClass = (in.opcode() & 7) == 0x05;
                assertThat(in.opcode()).as("no helper call").isNotEqualTo(0x85);
                if (jmpClass && in.opcode() != 0x95)
                    assertThat(in.off()).as("forward jump only: %s", in).isGreaterThanOrEqualTo(0);
            }
            assertThat(p.insns()).hasSizeLessThan(40);
        }
    }

    @Test
    void lastInstructionBeforeCallerCodeClampsExplicitly() {
        // the integrator indexes an array map with out: the final two emitted instructions must
        // bound it
        HdrLayout layout = HdrLayout.latency(2);
        Asm asm = new Asm();
        HdrIndexEmitter.emit(asm, layout, Reg.R6, Reg.R7, Reg.R8, "x");
        asm.exit();
        List<Insn> insns = asm.build();
        Insn jle = insns.get(insns.size() - 3), mov = insns.get(insns.size() - 2);
        assertThat(jle.opcode()).isEqualTo(0xb5); // JMP | JLE | K
        assertThat(jle.imm()).isEqualTo(layout.length() - 1);
        assertThat(mov.opcode()).isEqualTo(0xb7); // ALU64 | MOV | K
        assertThat(mov.imm()).isEqualTo(layout.length() - 1);
    }

    @Test
    void rejectsAliasedRegisters() {
        Asm asm = new Asm();
        HdrLayout layout = HdrLayout.latency(2);
        assertThatThrownBy(() -> HdrIndexEmitter.emit(asm, layout, Reg.R6, Reg.R6, Reg.R8, "a"))
                .hasMessageContaining("different");
        assertThatThrownBy(() -> HdrIndexEmitter.emit(asm, layout, Reg.R6, Reg.R7, Reg.R7, "b"))
                .hasMessageContaining("different");
        assertThatThrownBy(() -> HdrIndexEmitter.emit(asm, layout, Reg.R6, Reg.R10, Reg.R7, "c"))
                .hasMessageContaining("R10");
    }

    private static List<Long> edgeValues(HdrLayout layout) {
        List<Long> out =
                new ArrayList<>(
                        Arrays.asList(
                                0L,
                                1L,
                                layout.highestTrackable(),
                                layout.highestTrackable() + 1,
                                layout.maxRepresentable(),
                                layout.maxRepresentable() + 1,
                                Long.MAX_VALUE,
                                -1L,
                                Long.MIN_VALUE,
                                (long) layout.subBucketCount() - 1,
                                (long) layout.subBucketCount()));
        for (int p = 0; p < 64; p++) {
            long pow = 1L << p;
            out.addAll(List.of(pow - 1, pow, pow + 1));
        }
        return out;
    }
}

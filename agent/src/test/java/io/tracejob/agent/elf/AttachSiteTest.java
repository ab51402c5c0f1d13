package io.tracejob.agent.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.testsupport.Gcc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachSiteTest {
    @TempDir Path dir;
    Path prologues;

    @BeforeEach
    void build() throws IOException {
        prologues = Gcc.compile("elf_prologues.c", dir, "prologues");
    }

    private AttachPoint at(Path bin, String fn) throws IOException {
        try (ElfFile elf = ElfFile.open(bin)) {
            return AttachSite.choose(
                    elf, SymbolResolver.resolve(elf, "spec.probe.function", fn, 0));
        }
    }

    private long entry(Path bin, String fn) throws IOException {
        return Readelf.functions(bin, fn).get(0).value();
    }

    @Test
    void endbr64IsSkippedAndTheNextInstructionClassified() throws IOException {
        AttachPoint push = at(prologues, "p_endbr_push");
        assertThat(push.skippedBytes()).isEqualTo(4);
        assertThat(push.vaddr()).isEqualTo(entry(prologues, "p_endbr_push") + 4);
        assertThat(push.fileOffset()).isEqualTo(Readelf.fileOffset(prologues, push.vaddr()));
        assertThat(push.cls()).isEqualTo(AttachClass.INT3_EMULATED);
        assertThat(push.description()).contains("push rbp").contains("endbr64");

        AttachPoint sub = at(prologues, "p_endbr_sub");
        assertThat(sub.skippedBytes()).isEqualTo(4);
        assertThat(sub.cls()).isEqualTo(AttachClass.INT3_SINGLE_STEP);
        assertThat(sub.description()).contains("sub r/m, imm8");
    }

    @Test
    void fiveByteNopIsNeverTheProbeSite() throws IOException {
        AttachPoint p = at(prologues, "p_nop5_push");
        assertThat(p.skippedBytes()).isEqualTo(5);
        assertThat(p.cls()).isEqualTo(AttachClass.INT3_EMULATED);
        assertThat(p.description()).contains("push rbx, emulated").contains("5-byte nop");

        AttachPoint both = at(prologues, "p_endbr_nop5_mov");
        assertThat(both.skippedBytes()).isEqualTo(9);
        assertThat(both.cls()).isEqualTo(AttachClass.INT3_SINGLE_STEP);
        assertThat(both.description()).contains("mov, single-stepped").contains("5-byte nop");

        assertThatThrownBy(() -> at(prologues, "p_nop5_nop5"))
                .isInstanceOf(ElfException.class)
                .hasMessageContaining("5-byte nop");
        assertThatThrownBy(() -> at(prologues, "p_nop5_only"))
                .isInstanceOf(ElfException.class)
                .hasMessageContaining("not fork-safe");
    }

    @Test
    void plainEntriesStayWhereTheyAre() throws IOException {
        AttachPoint r12 = at(prologues, "p_push_r12");
        assertThat(r12.skippedBytes()).isZero();
        assertThat(r12.cls()).isEqualTo(AttachClass.INT3_EMULATED);
        assertThat(r12.description()).contains("push r12");

        assertThat(at(prologues, "p_mov_sib").cls()).isEqualTo(AttachClass.INT3_SINGLE_STEP);
        assertThat(at(prologues, "p_jmp").cls()).isEqualTo(AttachClass.INT3_EMULATED);

        AttachPoint avx = at(prologues, "p_avx");
        assertThat(avx.skippedBytes()).isZero();
        assertThat(avx.cls()).isEqualTo(AttachClass.INT3_SINGLE_STEP);
        assertThat(avx.description()).contains("does not know").contains("c5 f8 77");

        AttachPoint endbrOnly = at(prologues, "p_endbr_only"); // nothing after it inside the symbol
        assertThat(endbrOnly.skippedBytes()).isZero();
        assertThat(endbrOnly.description()).contains("endbr64, single-stepped");
    }

    @Test
    void gccCfProtectionEntryIsSkippedButAnExplicitOffsetIsRespected() throws IOException {
        Path bin = Gcc.compile("elf_basic.c", dir, "cet", "-fcf-protection");
        try (ElfFile elf = ElfFile.open(bin)) {
            ResolvedSymbol work = SymbolResolver.resolve(elf, "spec.probe.function", "tj_work", 0);
            assertThat(elf.readVaddr(work.vaddr(), 4)).containsExactly(0xf3, 0x0f, 0x1e, 0xfa);
            AttachPoint p = AttachSite.choose(elf, work);
            assertThat(p.skippedBytes()).isEqualTo(4);
            assertThat(p.fileOffset())
                    .isEqualTo(
                            Readelf.fileOffset(
                                    bin, Readelf.functions(bin, "tj_work").get(0).value() + 4));
            assertThat(p.description()).contains("endbr64").doesNotContain("5-byte nop");

            ResolvedSymbol inside =
                    SymbolResolver.resolve(elf, "spec.probe.function", "tj_work", 4);
            assertThat(AttachSite.choose(elf, inside).skippedBytes()).isZero();
        }
        Path plain = Gcc.compile("elf_basic.c", dir, "nocet", "-fcf-protection=none");
        assertThat(at(plain, "tj_work").skippedBytes()).isZero();
    }

    @Test
    void explicitOffsetMustStartAnInstruction() throws IOException {
        try (ElfFile elf = ElfFile.open(prologues)) {
            // p_endbr_push: endbr64 (4) push %rbp (1) mov %rsp,%rbp (3) pop %rbp (1) ret
            AttachPoint mov =
                    AttachSite.choose(
                            elf,
                            SymbolResolver.resolve(elf, "spec.probe.function", "p_endbr_push", 5));
            assertThat(mov.skippedBytes()).isZero();
            assertThat(mov.description())
                    .contains("verified to be an instruction boundary")
                    .contains("mov, single-stepped");
            assertThatThrownBy(
                            () ->
                                    AttachSite.choose(
                                            elf,
                                            SymbolResolver.resolve(
                                                    elf, "spec.probe.function", "p_endbr_push", 6)))
                    .isInstanceOf(ElfException.class)
                    .hasMessageContaining("offset 6 falls inside the 3-byte instruction at +5")
                    .hasMessageContaining("Use +5 or +8");
            assertThatThrownBy(
                            () ->
                                    AttachSite.choose(
                                            elf,
                                            SymbolResolver.resolve(
                                                    elf, "spec.probe.function", "p_endbr_push", 2)))
                    .hasMessageContaining("inside the 4-byte instruction at +0 (endbr64)");
            AttachPoint afterAvx =
                    AttachSite.choose(
                            elf, SymbolResolver.resolve(elf, "spec.probe.function", "p_avx", 3));
            assertThat(afterAvx.description())
                    .contains("not verified")
                    .contains("undecodable instruction at +0");
            // an explicit offset onto a 5-byte nop still moves past it
            AttachPoint pastNop =
                    AttachSite.choose(
                            elf,
                            SymbolResolver.resolve(
                                    elf, "spec.probe.function", "p_endbr_nop5_mov", 4));
            assertThat(pastNop.skippedBytes()).isEqualTo(5);
            assertThat(pastNop.cls()).isEqualTo(AttachClass.INT3_SINGLE_STEP);
        }
    }

    @Test
    void aarch64GetsABrkSiteWithoutAdjustment() throws IOException {
        byte[] raw = Files.readAllBytes(prologues);
        raw[18] = (byte) 183;
        Path arm = Files.write(dir.resolve("arm"), raw);
        AttachPoint p = at(arm, "p_endbr_push");
        assertThat(p.skippedBytes()).isZero();
        assertThat(p.cls()).isEqualTo(AttachClass.BRK_BREAKPOINT);
    }

    @Test
    void decoderLengthsOfCommonPrologueInstructions() {
        assertThat(len(0x90)).isEqualTo(1);
        assertThat(len(0x66, 0x90)).isEqualTo(2);
        assertThat(len(0x0f, 0x1f, 0x00)).isEqualTo(3);
        assertThat(len(0x0f, 0x1f, 0x40, 0x00)).isEqualTo(4);
        assertThat(len(0x0f, 0x1f, 0x44, 0x00, 0x00)).isEqualTo(5);
        assertThat(len(0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00)).isEqualTo(6);
        assertThat(len(0x0f, 0x1f, 0x80, 0, 0, 0, 0)).isEqualTo(7);
        assertThat(len(0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0)).isEqualTo(8);
        assertThat(len(0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0))
                .isEqualTo(-1); // cs prefix: not in our subset
        assertThat(len(0x41, 0x57)).isEqualTo(2); // push r15
        assertThat(len(0x48, 0x81, 0xec, 0x00, 0x01, 0, 0)).isEqualTo(7); // sub $0x100,%rsp
        assertThat(len(0x48, 0x8d, 0x05, 1, 2, 3, 4)).isEqualTo(7); // lea rip+disp32
        assertThat(len(0x31, 0xc0)).isEqualTo(2); // xor eax,eax
        assertThat(len(0x48, 0x89, 0x5c, 0x24, 0x08)).isEqualTo(5); // mov %rbx,8(%rsp)
        assertThat(len(0x4c, 0x8b, 0x04, 0x25, 0, 0, 0, 0)).isEqualTo(8); // SIB no base + disp32
        assertThat(X86Insn.decode(new byte[] {0x0f, 0x1f, 0x44, 0, 0}, 0).isNop5()).isTrue();
    }

    private static int len(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        X86Insn insn = X86Insn.decode(b, 0);
        return insn == null ? -1 : insn.length();
    }
}

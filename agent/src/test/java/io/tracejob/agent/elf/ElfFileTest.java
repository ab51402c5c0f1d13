package io.tracejob.agent.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.testsupport.Gcc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {
    @TempDir Path dir;

    @Test
    void pieAndNonPieHeadersAndSymbolsMatchReadelf() throws IOException {
        for (String flag : new String[] {"-pie", "-no-pie"}) {
            Path bin = Gcc.compile("elf_basic.c", dir, "basic" + flag, flag);
            try (ElfFile elf = ElfFile.open(bin)) {
                assertThat(elf.isPie()).as(flag).isEqualTo(flag.equals("-pie"));
                assertThat(elf.machine()).isEqualTo(ElfFile.EM_X86_64);
                assertThat(elf.hasSymtab()).isTrue();
                assertThat(elf.isGoBinary()).isFalse();
                for (String fn : List.of("tj_work", "tj_helper", "main")) {
                    Readelf.Sym expected = Readelf.functions(bin, fn).get(0);
                    ElfSymbol sym =
                            elf.functionSymbols().stream()
                                    .filter(s -> s.name().equals(fn))
                                    .findFirst()
                                    .orElseThrow();
                    assertThat(sym.vaddr()).as(fn).isEqualTo(expected.value());
                    assertThat(sym.size()).as(fn).isEqualTo(expected.size());
                    assertThat(sym.local()).as(fn).isEqualTo(expected.bind().equals("LOCAL"));
                    assertThat(elf.fileOffsetOfVaddr(sym.vaddr()))
                            .as(fn)
                            .isEqualTo(Readelf.fileOffset(bin, expected.value()));
                }
                ElfSection text = elf.section(".text").orElseThrow();
                assertThat(elf.fileOffsetOfVaddr(text.addr())).isEqualTo(text.offset());
                assertThat(elf.section(".no_such_section")).isEmpty();
            }
        }
    }

    @Test
    void readVaddrReturnsTheFileBytesOfTheFunction() throws IOException {
        Path bin = Gcc.compile("elf_prologues.c", dir, "prologues");
        try (ElfFile elf = ElfFile.open(bin)) {
            ElfSymbol sym =
                    elf.functionSymbols().stream()
                            .filter(s -> s.name().equals("p_push_r12"))
                            .findFirst()
                            .orElseThrow();
            byte[] raw = Files.readAllBytes(bin);
            long off = elf.fileOffsetOfVaddr(sym.vaddr());
            assertThat(elf.readVaddr(sym.vaddr(), 5))
                    .containsExactly(
                            raw[(int) off],
                            raw[(int) off + 1],
                            raw[(int) off + 2],
                            raw[(int) off + 3],
                            raw[(int) off + 4]);
            assertThat(elf.readVaddr(sym.vaddr(), 2)).containsExactly(0x41, 0x54); // push %r12
        }
    }

    @Test
    void addressOutsideEveryLoadSegmentIsAnError() throws IOException {
        Path bin = Gcc.compile("elf_basic.c", dir, "basic");
        try (ElfFile elf = ElfFile.open(bin)) {
            assertThatThrownBy(() -> elf.fileOffsetOfVaddr(0x7fff_0000_0000L))
                    .isInstanceOf(ElfException.class)
                    .hasMessageContaining("no PT_LOAD segment contains address 0x7fff00000000");
        }
    }

    @Test
    void dynsymOnlySymbolsOfASharedLibraryAreFound() throws IOException {
        Path lib = Gcc.compile("elf_lib.c", dir, "libtj.so", "-shared", "-fPIC");
        Path stripped = dir.resolve("libtj-stripped.so");
        Readelf.run("strip", "-o", stripped.toString(), lib.toString());
        try (ElfFile elf = ElfFile.open(stripped)) {
            assertThat(elf.isPie()).isTrue();
            assertThat(elf.hasSymtab()).isFalse();
            List<String> names = elf.functionSymbols().stream().map(ElfSymbol::name).toList();
            assertThat(names)
                    .contains("tj_lib_sum", "tj_lib_entry")
                    .doesNotContain("tj_lib_hidden");
            assertThat(elf.functionSymbols()).allMatch(ElfSymbol::fromDynsym);
        }
        try (ElfFile elf = ElfFile.open(lib)) {
            // present in both tables → listed once
            assertThat(
                            elf.functionSymbols().stream()
                                    .filter(s -> s.name().equals("tj_lib_sum"))
                                    .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void rejectsNonElfAndUnsupportedFlavoursWithClearMessages() throws IOException {
        Path text = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        assertThatThrownBy(() -> ElfFile.open(text))
                .isInstanceOf(ElfException.class)
                .hasMessageContaining("not an ELF file");
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> ElfFile.open(empty))
                .isInstanceOf(ElfException.class)
                .hasMessageContaining("not an ELF file");
        assertThatThrownBy(() -> ElfFile.open(dir.resolve("missing")))
                .isInstanceOf(ElfException.class)
                .hasMessageContaining("no such file");

        byte[] real = Files.readAllBytes(Gcc.compile("elf_basic.c", dir, "basic"));
        assertThatThrownBy(() -> ElfFile.open(patched(real, 4, 1, "c32")))
                .hasMessageContaining("32-bit ELF is not supported");
        assertThatThrownBy(() -> ElfFile.open(patched(real, 5, 2, "be")))
                .hasMessageContaining("big-endian");
        byte[] arm = real.clone();
        arm[18] = (byte) 183;
        try (ElfFile elf = ElfFile.open(Files.write(dir.resolve("arm"), arm))) {
            assertThat(elf.machine()).isEqualTo(ElfFile.EM_AARCH64);
        }
        byte[] riscv = real.clone();
        riscv[18] = (byte) 243;
        assertThatThrownBy(() -> ElfFile.open(Files.write(dir.resolve("riscv"), riscv)))
                .hasMessageContaining("unsupported machine 243")
                .hasMessageContaining("x86_64")
                .hasMessageContaining("aarch64");
    }

    @Test
    void goBinaryIsRecognisedByItsPclntabSection() throws IOException {
        Path bin = Gcc.compile("elf_basic.c", dir, "basic");
        Path blob = Files.write(dir.resolve("blob"), new byte[] {1, 2, 3, 4});
        Path go = dir.resolve("fake-go");
        Readelf.run(
                "objcopy", "--add-section", ".gopclntab=" + blob, bin.toString(), go.toString());
        try (ElfFile elf = ElfFile.open(go)) {
            assertThat(elf.isGoBinary()).isTrue();
        }
    }

    private Path patched(byte[] original, int index, int value, String name) throws IOException {
        byte[] copy = original.clone();
        copy[index] = (byte) value;
        return Files.write(dir.resolve(name), copy);
    }
}

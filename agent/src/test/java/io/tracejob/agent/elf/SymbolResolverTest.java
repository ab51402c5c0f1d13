package io.tracejob.agent.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.testsupport.Gcc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymbolResolverTest {
    static final String FIELD = "spec.probe.function";
    @TempDir Path dir;

    @Test
    void resolvesToTheFileOffsetReadelfGivesForPieAndNonPie() throws IOException {
        for (String flag : new String[] {"-pie", "-no-pie"}) {
            Path bin = Gcc.compile("elf_basic.c", dir, "basic" + flag, flag);
            Readelf.Sym expected = Readelf.functions(bin, "tj_work").get(0);
            try (ElfFile elf = ElfFile.open(bin)) {
                ResolvedSymbol r = SymbolResolver.resolve(elf, FIELD, "tj_work", 0);
                assertThat(r.vaddr()).isEqualTo(expected.value());
                assertThat(r.size()).isEqualTo(expected.size());
                assertThat(r.fileOffset()).isEqualTo(Readelf.fileOffset(bin, expected.value()));
                ResolvedSymbol plus = SymbolResolver.resolve(elf, FIELD, "tj_work", 2);
                assertThat(plus.fileOffset()).isEqualTo(r.fileOffset() + 2);
                assertThat(plus.symbolVaddr()).isEqualTo(r.vaddr());
                if (flag.equals("-no-pie"))
                    assertThat(r.vaddr()).isNotEqualTo(r.fileOffset()); // 0x400000-based
            }
        }
    }

    @Test
    void resolvesAnExportedSymbolOfAStrippedSharedLibrary() throws IOException {
        Path lib = Gcc.compile("elf_lib.c", dir, "libtj.so", "-shared", "-fPIC");
        Readelf.run("strip", lib.toString());
        Readelf.Sym expected = Readelf.functions(lib, "tj_lib_sum").get(0);
        try (ElfFile elf = ElfFile.open(lib)) {
            ResolvedSymbol r = SymbolResolver.resolve(elf, FIELD, "tj_lib_sum", 0);
            assertThat(r.fileOffset()).isEqualTo(Readelf.fileOffset(lib, expected.value()));
        }
    }

    @Test
    void missingFunctionListsClosestNames() throws IOException {
        Path bin = Gcc.compile("elf_basic.c", dir, "basic");
        try (ElfFile elf = ElfFile.open(bin)) {
            assertThatThrownBy(() -> SymbolResolver.resolve(elf, FIELD, "tj_wrk", 0))
                    .isInstanceOf(SymbolNotFoundException.class)
                    .hasMessageStartingWith(FIELD + ": function 'tj_wrk' not found")
                    .hasMessageContaining("closest: tj_work");
            assertThatThrownBy(() -> SymbolResolver.resolve(elf, FIELD, "helper", 0))
                    .hasMessageContaining("tj_helper");
            assertThatThrownBy(() -> SymbolResolver.resolve(elf, FIELD, "zzzzzzzzzzzzzzzz", 0))
                    .hasMessageContaining("no similar names");
        }
    }

    @Test
    void strippedBinarySuggestsUsdtOrOffset() throws IOException {
        Path bin = Gcc.compile("elf_basic.c", dir, "basic");
        Readelf.run("strip", bin.toString());
        try (ElfFile elf = ElfFile.open(bin)) {
            assertThat(elf.hasSymtab()).isFalse();
            assertThatThrownBy(() -> SymbolResolver.resolve(elf, FIELD, "tj_work", 0))
                    .isInstanceOf(SymbolNotFoundException.class)
                    .hasMessageContaining(FIELD)
                    .hasMessageContaining("stripped (no .symtab)")
                    .hasMessageContaining("USDT")
                    .hasMessageContaining("offset");
        }
    }

    @Test
    void offsetBeyondTheFunctionIsRejected() throws IOException {
        Path bin = Gcc.compile("elf_basic.c", dir, "basic");
        try (ElfFile elf = ElfFile.open(bin)) {
            long size = Readelf.functions(bin, "tj_work").get(0).size();
            assertThatThrownBy(() -> SymbolResolver.resolve(elf, FIELD, "tj_work", size))
                    .hasMessageContaining(FIELD)
                    .hasMessageContaining("beyond the end of 'tj_work'")
                    .hasMessageContaining(size + " bytes long");
            assertThat(SymbolResolver.resolve(elf, FIELD, "tj_work", size - 1).offsetIntoSymbol())
                    .isEqualTo(size - 1);
        }
    }

    @Test
    void sameNamedStaticsAreAmbiguousButAnExportedDefinitionWins() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/targets/elf_dup_b.c")) {
            Files.write(dir.resolve("elf_dup_b.c"), in.readAllBytes());
        }
        Path bin = Gcc.compile("elf_dup_a.c", dir, "dup", dir.resolve("elf_dup_b.c").toString());
        assertThat(Readelf.functions(bin, "tj_dup")).hasSize(2);
        try (ElfFile elf = ElfFile.open(bin)) {
            assertThatThrownBy(() -> SymbolResolver.resolve(elf, FIELD, "tj_dup", 0))
                    .isInstanceOf(SymbolNotFoundException.class)
                    .hasMessageContaining(FIELD + ": 'tj_dup' is ambiguous")
                    .hasMessageContaining(
                            "0x"
                                    + Long.toHexString(
                                            Readelf.functions(bin, "tj_dup").get(0).value()))
                    .hasMessageContaining(
                            "0x"
                                    + Long.toHexString(
                                            Readelf.functions(bin, "tj_dup").get(1).value()));
            long global =
                    Readelf.functions(bin, "tj_shadow").stream()
                            .filter(s -> s.bind().equals("GLOBAL"))
                            .findFirst()
                            .orElseThrow()
                            .value();
            assertThat(SymbolResolver.resolve(elf, FIELD, "tj_shadow", 0).vaddr())
                    .isEqualTo(global);
        }
    }

    @Test
    void libcVersionedMemcpyPicksTheDefaultVersionWhichIsAnIfunc() throws IOException {
        Path libc =
                io.tracejob.agent.proc.ProcMaps.findLibrary(
                                (int) ProcessHandle.current().pid(), "libc.so.6")
                        .orElseThrow();
        java.util.List<Readelf.Sym> memcpy = Readelf.functions(libc, "memcpy");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                memcpy.size() == 2, "this libc has a single memcpy version");
        String out = Readelf.run("readelf", "--dyn-syms", "-W", libc.toString());
        long defaultAt =
                memcpy.stream()
                        .filter(
                                m ->
                                        out.lines()
                                                .anyMatch(
                                                        l ->
                                                                l.endsWith(" memcpy@@GLIBC_2.14")
                                                                        && l.contains(
                                                                                String.format(
                                                                                        "%016x",
                                                                                        m
                                                                                                .value()))))
                        .findFirst()
                        .orElseThrow()
                        .value();
        try (ElfFile elf = ElfFile.open(libc)) {
            assertThat(
                            elf.functionSymbols().stream()
                                    .filter(s -> s.name().equals("memcpy") && s.defaultVersion()))
                    .extracting(ElfSymbol::vaddr)
                    .containsExactly(defaultAt);
            assertThatThrownBy(() -> SymbolResolver.resolve(elf, FIELD, "memcpy", 0))
                    .isInstanceOf(SymbolNotFoundException.class)
                    .hasMessageContaining("GNU indirect function (IFUNC)");
        }
    }

    @Test
    void closestNamesPrefersSmallEditsThenSubstrings() {
        assertThat(
                        ClosestNames.of(
                                "exec_simple_qery",
                                java.util.List.of("exec_simple_query", "exec_bind_message", "xyz"),
                                5))
                .containsExactly("exec_simple_query");
        assertThat(
                        ClosestNames.of(
                                "query", java.util.List.of("exec_simple_query", "quer", "main"), 5))
                .containsExactly("quer", "exec_simple_query");
    }
}

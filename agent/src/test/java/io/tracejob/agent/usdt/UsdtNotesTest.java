package io.tracejob.agent.usdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.elf.ElfFile;
import io.tracejob.agent.elf.ElfSection;
import io.tracejob.agent.elf.Readelf;
import io.tracejob.agent.testsupport.Gcc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsdtNotesTest {
    static final String FIELD = "spec.probe.usdt";
    @TempDir Path dir;

    @Test
    void probesArgsAndSemaphoresMatchReadelf() throws IOException {
        for (String flag : new String[] {"-pie", "-no-pie"}) {
            Path bin = Gcc.compile("elf_usdt.c", dir, "usdt" + flag, flag);
            List<Readelf.Note> expected = Readelf.stapsdt(bin);
            assertThat(expected).hasSize(3);
            try (ElfFile elf = ElfFile.open(bin)) {
                List<UsdtSite> probes = UsdtNotes.read(elf);
                assertThat(probes).hasSize(expected.size());
                ElfSection probesSection = elf.section(".probes").orElseThrow();
                for (int i = 0; i < probes.size(); i++) {
                    UsdtSite p = probes.get(i);
                    Readelf.Note n = expected.get(i);
                    assertThat(p.provider()).isEqualTo(n.provider());
                    assertThat(p.name()).isEqualTo(n.name());
                    assertThat(p.pcVaddr())
                            .isEqualTo(n.location()); // not prelinked: base unchanged
                    assertThat(p.fileOffset()).isEqualTo(Readelf.fileOffset(bin, n.location()));
                    assertThat(p.args()).isEqualTo(n.args());
                    assertThat(p.semaphoreVaddr()).isEqualTo(n.semaphore()).isNotZero();
                    assertThat(p.semaphoreFileOffset())
                            .isEqualTo(
                                    n.semaphore() - probesSection.addr() + probesSection.offset());
                    assertThat(elf.readVaddr(p.pcVaddr(), 1))
                            .containsExactly(0x90); // sdt.h plants a nop
                }
                List<UsdtSite> start = UsdtNotes.find(elf, FIELD, "tj_demo", "req_start");
                assertThat(start).hasSize(2).extracting(UsdtSite::pcVaddr).doesNotHaveDuplicates();
                assertThat(start)
                        .extracting(UsdtSite::semaphoreFileOffset)
                        .containsOnly(start.get(0).semaphoreFileOffset());
            }
        }
    }

    @Test
    void pcIsAdjustedWhenStapsdtBaseMoved() throws IOException {
        Path bin = Gcc.compile("elf_usdt.c", dir, "usdt");
        try (ElfFile elf = ElfFile.open(bin)) {
            long base = elf.section(".stapsdt.base").orElseThrow().addr();
            assertThat(Readelf.stapsdt(bin)).allMatch(n -> n.base() == base);
        }
        // Simulate a prelink-style move: make the first note claim a base 0x10 above where
        // .stapsdt.base is;
        // the pc must then move by actual − noted = −0x10.
        byte[] raw = Files.readAllBytes(bin);
        try (ElfFile elf = ElfFile.open(bin)) {
            ElfSection notes = elf.section(".note.stapsdt").orElseThrow();
            long base = elf.section(".stapsdt.base").orElseThrow().addr();
            int descBase =
                    (int) notes.offset() + 12 + 8 + 8; // first note: header, "stapsdt\0", pc → base
            java.nio.ByteBuffer.wrap(raw)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putLong(descBase, base + 0x10);
        }
        Path moved = Files.write(dir.resolve("usdt-moved"), raw);
        try (ElfFile elf = ElfFile.open(moved)) {
            long originalPc = Readelf.stapsdt(bin).get(0).location();
            assertThat(UsdtNotes.read(elf).get(0).pcVaddr()).isEqualTo(originalPc - 0x10);
        }
    }

    @Test
    void unknownProbeListsThePairsPresent() throws IOException {
        Path bin = Gcc.compile("elf_usdt.c", dir, "usdt");
        try (ElfFile elf = ElfFile.open(bin)) {
            assertThatThrownBy(() -> UsdtNotes.find(elf, FIELD, "tj_demo", "req_stat"))
                    .isInstanceOf(UsdtNotFoundException.class)
                    .hasMessageStartingWith(FIELD + ": no USDT probe tj_demo:req_stat")
                    .hasMessageContaining("did you mean tj_demo:req_start")
                    .hasMessageContaining("probes present: tj_demo:req_done, tj_demo:req_start");
        }
        Path plain = Gcc.compile("elf_basic.c", dir, "basic");
        try (ElfFile elf = ElfFile.open(plain)) {
            assertThat(UsdtNotes.read(elf)).isEmpty();
            assertThatThrownBy(() -> UsdtNotes.find(elf, FIELD, "x", "y"))
                    .hasMessageContaining("has no USDT probes");
        }
    }

    @Test
    void realPostgresNotes() throws IOException {
        Path postgres = glob("/usr/lib/postgresql", "bin/postgres");
        assertMatchesReadelf(postgres, "postgresql", "query__start");
        try (ElfFile elf = ElfFile.open(postgres)) {
            assertThat(UsdtNotes.find(elf, FIELD, "postgresql", "query__done")).isNotEmpty();
        }
    }

    @Test
    void realPythonNotes() throws IOException {
        Path python = Path.of("/usr/bin/python3.11");
        if (!Files.exists(python)) {
            try (Stream<Path> s = Files.list(Path.of("/usr/bin"))) {
                python =
                        s.filter(p -> p.getFileName().toString().matches("python3\\.\\d+"))
                                .findFirst()
                                .orElse(null);
            }
        }
        Assumptions.assumeTrue(python != null, "no /usr/bin/python3.x");
        assertMatchesReadelf(python.toRealPath(), "python", "function__entry");
    }

    private static void assertMatchesReadelf(Path bin, String provider, String name)
            throws IOException {
        List<Readelf.Note> expected =
                Readelf.stapsdt(bin).stream()
                        .filter(n -> n.provider().equals(provider) && n.name().equals(name))
                        .toList();
        Assumptions.assumeFalse(expected.isEmpty(), bin + " has no " + provider + ":" + name);
        try (ElfFile elf = ElfFile.open(bin)) {
            List<UsdtSite> found = UsdtNotes.find(elf, FIELD, provider, name);
            assertThat(found)
                    .extracting(UsdtSite::pcVaddr)
                    .containsExactlyElementsOf(
                            expected.stream().map(Readelf.Note::location).toList());
            assertThat(found)
                    .extracting(UsdtSite::args)
                    .containsExactlyElementsOf(expected.stream().map(Readelf.Note::args).toList());
            for (UsdtSite p : found) {
                assertThat(p.fileOffset()).isEqualTo(Readelf.fileOffset(bin, p.pcVaddr()));
                if (p.semaphoreVaddr() != 0)
                    assertThat(p.semaphoreFileOffset())
                            .isEqualTo(Readelf.fileOffset(bin, p.semaphoreVaddr()));
            }
            assertThat(UsdtNotes.read(elf).size()).isEqualTo(Readelf.stapsdt(bin).size());
        }
    }

    private static Path glob(String root, String suffix) throws IOException {
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(Path.of(root))) {
            try (Stream<Path> s = Files.list(Path.of(root))) {
                found =
                        s.map(v -> v.resolve(suffix))
                                .filter(Files::isRegularFile)
                                .sorted()
                                .reduce((a, b) -> b);
            }
        }
        Assumptions.assumeTrue(found.isPresent(), "no " + root + "/*/" + suffix);
        return found.get();
    }
}

package io.tracejob.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.elf.ElfFile;
import io.tracejob.agent.elf.Readelf;
import io.tracejob.agent.elf.ResolvedSymbol;
import io.tracejob.agent.elf.SymbolResolver;
import io.tracejob.agent.testsupport.Gcc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcsTest {
    @TempDir Path dir;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process start(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    @Test
    void libcFunctionsOfARunningTargetResolveToTheirRuntimeAddresses() throws IOException {
        Path bin = Gcc.compile("elf_basic.c", dir, "basic");
        Process target = start(bin.toString());
        String[] ready =
                new BufferedReader(
                                new InputStreamReader(
                                        target.getInputStream(), StandardCharsets.UTF_8))
                        .readLine()
                        .split(" ");
        long getpidAt = Long.decode(ready[2]);
        long mallocAt = Long.decode(ready[3]);
        int pid = (int) target.pid();

        List<MapEntry> maps = ProcMaps.read(pid);
        assertThat(maps).anyMatch(e -> e.path().equals(bin.toString()) && e.isExecutable());
        assertThat(maps).anyMatch(e -> e.path().equals("[stack]"));

        Path libc = ProcMaps.findLibrary(pid, "libc.so.6").orElseThrow();
        assertThat(ProcMaps.findLibrary(pid, "libc")).contains(libc);
        assertThat(ProcMaps.findLibrary(pid, "libc.so")).contains(libc);
        assertThat(ProcMaps.findLibrary(pid, libc.toString())).contains(libc);
        assertThat(ProcMaps.findLibrary(pid, "libcrypto.so")).isEmpty();
        assertThat(ProcMaps.findLibrary(pid, "/nonexistent/libc.so.6")).isEmpty();
        assertThat(Files.isSameFile(ProcMaps.viaRoot(pid, libc), libc)).isTrue();

        try (ElfFile elf = ElfFile.open(libc)) {
            for (var fn :
                    List.of(new Object[] {"getpid", getpidAt}, new Object[] {"malloc", mallocAt})) {
                String name = (String) fn[0];
                ResolvedSymbol sym = SymbolResolver.resolve(elf, "spec.probe.function", name, 0);
                assertThat(sym.fileOffset())
                        .as(name)
                        .isEqualTo(
                                Readelf.fileOffset(
                                        libc, Readelf.functions(libc, name).get(0).value()));
                // runtime address = start of the libc mapping holding that file offset + distance
                // into it
                MapEntry m =
                        maps.stream()
                                .filter(
                                        e ->
                                                e.path().equals(libc.toString())
                                                        && e.offset() <= sym.fileOffset()
                                                        && sym.fileOffset()
                                                                < e.offset()
                                                                        + (e.end() - e.start()))
                                .findFirst()
                                .orElseThrow();
                assertThat(m.isExecutable()).isTrue();
                assertThat(m.start() + sym.fileOffset() - m.offset())
                        .as(name)
                        .isEqualTo((long) fn[1]);
            }
        }
        assertThat(Procs.exe(pid)).isEqualTo(bin);
    }

    @Test
    void parentStartTimeAndExistence() throws IOException {
        Process child = start("sleep", "60");
        int pid = (int) child.pid();
        int self = (int) ProcessHandle.current().pid();
        assertThat(Procs.exists(pid)).isTrue();
        assertThat(Procs.parent(pid)).isEqualTo(self);
        assertThat(Procs.startTime(pid))
                .isGreaterThanOrEqualTo(Procs.startTime(self))
                .isEqualTo(Procs.startTime(pid));
        assertThat(Procs.exe(pid).getFileName().toString()).isEqualTo("sleep");

        child.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Procs.exists(pid));
        assertThatThrownBy(() -> Procs.startTime(pid))
                .isInstanceOf(ProcessNotFoundException.class)
                .hasMessage("no such process: " + pid);
        assertThatThrownBy(() -> Procs.parent(pid)).isInstanceOf(ProcessNotFoundException.class);
        assertThatThrownBy(() -> Procs.exe(pid)).isInstanceOf(ProcessNotFoundException.class);
        assertThatThrownBy(() -> ProcMaps.read(pid)).isInstanceOf(ProcessNotFoundException.class);
        assertThat(Procs.exists(-1)).isFalse();
    }

    @Test
    void theBusiestThreadsCpuIsWhereAPinnedProcessRuns() throws IOException {
        int last = Runtime.getRuntime().availableProcessors() - 1;
        // a busy loop pinned to the last CPU: its one thread can only have run there
        Process busy =
                start("taskset", "-c", Integer.toString(last), "sh", "-c", "while :; do :; done");
        try {
            int pid = (int) busy.pid();
            await().atMost(Duration.ofSeconds(10)).until(() -> Procs.busiestThreadCpu(pid) == last);
        } finally {
            busy.destroyForcibly();
        }
        assertThat(Procs.busiestThreadCpu(Integer.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void statFieldsAreCountedFromTheLastParenthesis() {
        String stat =
                "4242 (evil) (name 1) S 17 4242 4242 0 -1 4194560 93 0 0 0 0 0 0 0 20 0 1 0 987654 2461696 214";
        assertThat(Procs.field(stat, 3)).isEqualTo("S");
        assertThat(Procs.field(stat, 4)).isEqualTo("17");
        assertThat(Procs.field(stat, 22)).isEqualTo("987654");
    }

    @Test
    void descendantsSeeForkedChildrenAndGrandchildren() throws IOException {
        Process shell = start("sh", "-c", "sleep 60 & sh -c 'sleep 60 & wait' & wait");
        int pid = (int) shell.pid();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Procs.descendants(pid).size() >= 3); // sleep, inner sh, its sleep
        Set<Integer> expected =
                shell.descendants().map(h -> (int) h.pid()).collect(Collectors.toSet());
        assertThat(Procs.descendants(pid)).containsExactlyInAnyOrderElementsOf(expected).hasSize(3);
        assertThat(Procs.descendants(pid)).doesNotContain(pid);
    }

    @Test
    void descendantsScanIsCheapWithTwoHundredProcesses() throws IOException {
        long count;
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            count = s.filter(p -> p.getFileName().toString().matches("\\d+")).count();
        }
        long extra = Math.max(0, 210 - count);
        Process holder =
                start("sh", "-c", "for i in $(seq " + extra + "); do sleep 60 & done; wait");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Procs.descendants((int) holder.pid()).size() >= extra);
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            count = s.filter(p -> p.getFileName().toString().matches("\\d+")).count();
        }
        int self = (int) ProcessHandle.current().pid();
        for (int i = 0; i < 20; i++) Procs.descendants(self); // warm up
        int rounds = 50;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) Procs.descendants(self);
        double msPerScan = (System.nanoTime() - t0) / 1e6 / rounds;
        System.out.printf(
                "Procs.descendants: %.2f ms per scan of %d processes%n", msPerScan, count);
        assertThat(count).isGreaterThanOrEqualTo(200);
        assertThat(msPerScan).isLessThan(100.0);
    }
}

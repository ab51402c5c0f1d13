package io.tracejob.agent.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.calibrate.Calibration;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.probe.ProbeSpecs;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.programs.KeySource;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.trace.TrapCosts;
import io.tracejob.api.v1alpha1.Measure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost per firing a trace uses comes from this node: the first agent measures it (the plan's
 * attach class and programs, in the bundled target) and caches it per node and boot; a later agent
 * reuses it; a figure nothing can measure falls back to the constants and says why.
 */
class NodeCostsTest {
    @TempDir static Path dir;
    static ProbePlan plan;
    final PrintStream out = new PrintStream(new ByteArrayOutputStream());

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        Path busy = Gcc.compile("trace_busy.c", dir, "busy");
        plan = ProbePlanner.plan(ProbeSpecs.uprobe(busy, "work", Measure.Latency), Path.of("/"));
    }

    @Test
    void theFirstAgentMeasuresThisNodeAndLaterOnesReuseIt(@TempDir Path cacheDir) throws Exception {
        CostCache cache = CostCache.of(cacheDir);
        TrapCosts first = NodeCosts.forPlan(plan, cache, out);
        assertThat(first.source()).startsWith("measured on this node at start");
        assertThat(cache.file()).exists();
        assertThat(cache.file().getFileName().toString())
                .contains(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim())
                .contains(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim());
        String key = TrapCosts.key(plan.attachClass(), plan.measure());
        assertThat(Files.readString(cache.file())).contains("\"" + key + "\"");
        assertThat(first.forPlan(plan)).isPositive();

        TrapCosts later = NodeCosts.forPlan(plan, CostCache.of(cacheDir), out);
        assertThat(later.source()).startsWith("cached measurement of this node");
        assertThat(later.forPlan(plan)).isEqualTo(first.forPlan(plan));
    }

    @Test
    void aCacheOfAnotherBootOrKernelIsNeverRead(@TempDir Path cacheDir) throws Exception {
        CostCache other = new CostCache(cacheDir, "6.1.0-other", "another-boot");
        other.merge(
                new Calibration(1, List.of(), "6.1.0-other", "elsewhere", "2026-01-01T00:00:00Z"));
        assertThat(other.read()).isPresent();
        // the same file under this node's name, but saying it is another boot's
        CostCache here = CostCache.of(cacheDir);
        Files.copy(other.file(), here.file());
        assertThat(here.read()).isEmpty();
    }

    @Test
    void figuresOfTheOtherLatencyProgramsAreNeverRead(@TempDir Path cacheDir) throws Exception {
        // measured with uprobe sessions turned off (entry and return links, two traps a call)…
        System.setProperty("tracejob.uprobeSession", "off");
        try {
            CostCache cache = CostCache.of(cacheDir);
            cache.merge(new Calibration(1, List.of(), "k", "here", "2026-01-01T00:00:00Z"));
            assertThat(cache.read()).isPresent();
        } finally {
            System.clearProperty("tracejob.uprobeSession");
        }
        // …never prices a session link's call, nor the other way round
        assertThat(CostCache.of(cacheDir).read()).isEmpty();
    }

    @Test
    void aCacheFileOthersCanWriteIsNeverRead(@TempDir Path cacheDir) throws Exception {
        CostCache cache = CostCache.of(cacheDir);
        cache.merge(new Calibration(1, List.of(), "k", "here", "2026-01-01T00:00:00Z"));
        assertThat(cache.read()).isPresent();
        Files.setPosixFilePermissions(
                cache.file(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(cache.read()).as("a figure anyone could have planted").isEmpty();
    }

    @Test
    void aDamagedCacheIsMeasuredAgain(@TempDir Path cacheDir) throws Exception {
        CostCache cache = CostCache.of(cacheDir);
        Files.writeString(cache.file(), "{\"nanosPerFiring\": ");
        assertThat(NodeCosts.forPlan(plan, cache, out).source())
                .startsWith("measured on this node at start");
        assertThat(cache.read()).isPresent();
    }

    @Test
    void aMeasurementOlderThanAnHourIsTakenAgain(@TempDir Path cacheDir) throws Exception {
        CostCache cache = CostCache.of(cacheDir);
        NodeCosts.forPlan(plan, cache, out);
        String key = TrapCosts.key(plan.attachClass(), plan.measure());
        String stale =
                java.time.Instant.now()
                        .minus(java.time.Duration.ofHours(2))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString();
        var root =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(Files.readString(cache.file()));
        root.with("measuredAt").put(key, stale);
        Files.writeString(cache.file(), root.toString());
        assertThat(NodeCosts.forPlan(plan, cache, out).source())
                .startsWith("measured on this node at start");
    }

    @Test
    void whatNoBundledSiteMeasuresFallsBackToTheConstantsSayingWhy(@TempDir Path cacheDir) {
        ProbePlan brk =
                new ProbePlan(
                        Measure.Latency,
                        List.of(new Site.Uprobe(Role.START, Path.of("/bin/x"), 0x1000, false, 0)),
                        KeySource.thread(),
                        KeySource.thread(),
                        "BRK_BREAKPOINT",
                        "x",
                        null,
                        List.of());
        TrapCosts costs = NodeCosts.forPlan(brk, CostCache.of(cacheDir), out);
        assertThat(costs.source())
                .startsWith(TrapCosts.FALLBACK)
                .contains("no bundled calibration site measures BRK_BREAKPOINT/Latency");
        assertThat(costs.nanosPerFiring()).isEqualTo(TrapCosts.defaults().nanosPerFiring());
    }
}

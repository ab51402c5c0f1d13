package io.tracejob.agent.calibrate;

import io.tracejob.agent.elf.ElfFile;
import io.tracejob.agent.elf.ResolvedSymbol;
import io.tracejob.agent.elf.SymbolResolver;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.probe.ProbeSpecs;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.programs.KeySource;
import io.tracejob.agent.trace.TrapCosts;
import io.tracejob.api.v1alpha1.Measure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One place calibration probes, and how.
 *
 * @param name what the report calls it
 * @param function the target's protocol name for the loop that reaches the site
 * @param attachClass the class the site must be planned as; a plan of another class is an error
 * @param firingsPerCall programs run per loop iteration: 2 for entry + return, 1 for a counted
 *     event
 * @param classFigure whether this site's figure is the class's {@code nanosPerFiring}
 * @param measure the measure its programs are those of; with the class, the key of its figure
 *     ({@link TrapCosts#key}), or null for a site that is only reported
 * @param planner builds the plan against the compiled target
 */
record CalibrationSite(
        String name,
        String function,
        String attachClass,
        int firingsPerCall,
        boolean classFigure,
        Measure measure,
        Planner planner) {

    @FunctionalInterface
    interface Planner {
        ProbePlan plan(Path binary) throws IOException, UnsupportedProbeException;
    }

    /** Every site, class figures first. */
    static List<CalibrationSite> all() {
        return List.of(
                new CalibrationSite(
                        "cal_emulated",
                        "emulated",
                        TrapCosts.INT3_EMULATED,
                        2,
                        true,
                        Measure.Latency,
                        bin -> latency(bin, "cal_emulated")),
                new CalibrationSite(
                        "cal_single_step",
                        "single_step",
                        TrapCosts.INT3_SINGLE_STEP,
                        2,
                        true,
                        Measure.Latency,
                        bin -> latency(bin, "cal_single_step")),
                new CalibrationSite(
                        "usdt tracejob_cal:tick",
                        "usdt",
                        TrapCosts.USDT,
                        1,
                        true,
                        Measure.Count,
                        CalibrationSite::usdt),
                new CalibrationSite(
                        "syscalls:sys_enter_getppid",
                        "getppid",
                        TrapCosts.TRACEPOINT,
                        1,
                        true,
                        Measure.Count,
                        bin -> tracepoint(null, Measure.Count)),
                // the programs of a Latency pair (a clock read each, the in-flight map, the
                // histogram) cost more than a count
                new CalibrationSite(
                        "usdt tracejob_cal:begin → end",
                        "usdt_pair",
                        TrapCosts.USDT,
                        2,
                        false,
                        Measure.Latency,
                        CalibrationSite::usdtPair),
                new CalibrationSite(
                        "syscalls:sys_enter/exit_getppid",
                        "getppid",
                        TrapCosts.TRACEPOINT,
                        2,
                        false,
                        Measure.Latency,
                        bin -> tracepoint("syscalls:sys_exit_getppid", Measure.Latency)),
                // the agent skips a leading endbr64: the probe lands on the push after it
                new CalibrationSite(
                        "cal_endbr",
                        "endbr",
                        TrapCosts.INT3_EMULATED,
                        2,
                        false,
                        null,
                        bin -> latency(bin, "cal_endbr")),
                // what the agent avoids by skipping it: the kernel single-stepping the endbr64
                // itself
                new CalibrationSite(
                        "cal_endbr+0 (on endbr64)",
                        "endbr",
                        TrapCosts.INT3_SINGLE_STEP,
                        2,
                        false,
                        null,
                        bin -> atEntry(bin, "cal_endbr")),
                // entry alone (measure: Count): with the pairs above, splits a pair into entry and
                // return
                new CalibrationSite(
                        "cal_emulated entry only",
                        "emulated",
                        TrapCosts.INT3_EMULATED,
                        1,
                        false,
                        Measure.Count,
                        bin -> count(bin, "cal_emulated")),
                new CalibrationSite(
                        "cal_single_step entry only",
                        "single_step",
                        TrapCosts.INT3_SINGLE_STEP,
                        1,
                        false,
                        Measure.Count,
                        bin -> count(bin, "cal_single_step")));
    }

    private static ProbePlan latency(Path bin, String function)
            throws IOException, UnsupportedProbeException {
        return uprobe(bin, function, Measure.Latency);
    }

    private static ProbePlan count(Path bin, String function)
            throws IOException, UnsupportedProbeException {
        return uprobe(bin, function, Measure.Count);
    }

    private static ProbePlan uprobe(Path bin, String function, Measure measure)
            throws IOException, UnsupportedProbeException {
        return ProbePlanner.plan(ProbeSpecs.uprobe(bin, function, measure), Path.of("/"));
    }

    private static ProbePlan usdt(Path bin) throws IOException, UnsupportedProbeException {
        return ProbePlanner.plan(
                ProbeSpecs.usdt(bin, "tracejob_cal", "tick", null, Measure.Count), Path.of("/"));
    }

    private static ProbePlan usdtPair(Path bin) throws IOException, UnsupportedProbeException {
        return ProbePlanner.plan(
                ProbeSpecs.usdt(bin, "tracejob_cal", "begin", "end", Measure.Latency),
                Path.of("/"));
    }

    private static ProbePlan tracepoint(String end, Measure measure)
            throws IOException, UnsupportedProbeException {
        return ProbePlanner.plan(
                ProbeSpecs.tracepoint("syscalls:sys_enter_getppid", end, measure), Path.of("/"));
    }

    /** The key its figure is stored under, or null when it is only reported. */
    String key() {
        return measure == null ? null : TrapCosts.key(attachClass, measure);
    }

    /**
     * The site that measures what a trace of this plan's attach class and measure costs, if there
     * is one.
     */
    static java.util.Optional<CalibrationSite> forKey(String key) {
        return all().stream().filter(s -> key.equals(s.key())).findFirst();
    }

    /**
     * Entry + return probes on the function's very first byte. The planner cannot be asked for this
     * ({@code spec.probe.offset: 0} means "let the agent choose"), so the plan is built here the
     * way the planner builds a latency plan.
     */
    private static ProbePlan atEntry(Path bin, String function) throws IOException {
        try (ElfFile elf = ElfFile.open(bin)) {
            ResolvedSymbol sym = SymbolResolver.resolve(elf, "calibration site", function, 0);
            List<Site> sites =
                    List.of(
                            new Site.Uprobe(Role.START, bin, sym.fileOffset(), false, 0),
                            new Site.Uprobe(Role.END, bin, sym.fileOffset(), true, 0));
            return new ProbePlan(
                    Measure.Latency,
                    sites,
                    KeySource.thread(),
                    KeySource.thread(),
                    TrapCosts.INT3_SINGLE_STEP,
                    "uprobe "
                            + bin
                            + ":"
                            + function
                            + " (file offset 0x"
                            + Long.toHexString(sym.fileOffset())
                            + ") int3 on its first byte",
                    null,
                    List.of());
        }
    }
}

package io.tracejob.agent.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Site;
import io.tracejob.api.v1alpha1.Measure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one firing costs the target, by attach class: the trap into the kernel and back plus the BPF
 * program, as the target's own thread CPU time sees it (so no BPF_ENABLE_STATS, which needs
 * CAP_SYS_ADMIN, is needed to use it). The defaults are only a stated fallback: what {@code
 * tracejob-agent calibrate} measured on the reference node (kernel 6.18, 2 vCPU VM, medians; see
 * docs/benchmarks.md); the agent measures the node it runs on at start.
 *
 * @param nanosPerFiring attach class → nanoseconds per firing
 * @param source where the figures come from, for the report
 * @param measuredHere the figures were measured on this node by the bundled target (now or from the
 *     node's cache), so a sentinel of that target can follow them during the trace; false for the
 *     fallback constants and a calibration file given by hand
 */
public record TrapCosts(Map<String, Long> nanosPerFiring, String source, boolean measuredHere) {

    public static final String INT3_EMULATED = "INT3_EMULATED";
    public static final String INT3_SINGLE_STEP = "INT3_SINGLE_STEP";
    public static final String USDT = "USDT";
    public static final String TRACEPOINT = "Tracepoint";

    public static final String FALLBACK =
            "fallback constants (measured on the reference node, not this one)";

    public TrapCosts {
        nanosPerFiring = Map.copyOf(nanosPerFiring);
    }

    public TrapCosts(Map<String, Long> nanosPerFiring, String source) {
        this(nanosPerFiring, source, false);
    }

    public static TrapCosts defaults() {
        Map<String, Long> m = new LinkedHashMap<>();
        // whole firings (trap + program) on the reference node when quiet; a loaded node measured
        // 3-5x these
        m.put(
                INT3_EMULATED,
                1_000L); // measured 680–910 ns per firing (≈ 2 µs per entry + return pair)
        m.put(INT3_SINGLE_STEP, 6_000L); // measured 5,170–5,690 ns per firing (≈ 11 µs per pair)
        m.put(USDT, 700L); // a USDT site is a 1-byte nop, emulated: measured 450–680 ns
        m.put(TRACEPOINT, 350L); // syscall tracepoint: measured ≈ 190 ns beyond a ≈ 150 ns program
        return new TrapCosts(m, FALLBACK);
    }

    /**
     * Reads a calibration file written by {@code tracejob-agent calibrate}; classes it lacks keep
     * their defaults.
     */
    public static TrapCosts read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(
                    "--calibration " + file + ": not a calibration file: " + e.getMessage(), e);
        }
        return new TrapCosts(parse(root, "--calibration " + file), "calibrated (" + file + ")");
    }

    /**
     * The per-class figures of a calibration's JSON, defaults for classes it lacks. A file without
     * {@code model} predates whole-firing figures: its {@code nanosPerFiring} is the trap alone, so
     * its BPF time is added.
     */
    public static Map<String, Long> parse(JsonNode root, String what) throws IOException {
        JsonNode costs = root == null ? null : root.get("nanosPerFiring");
        if (costs == null || !costs.isObject())
            throw new IOException(what + ": no nanosPerFiring object");
        boolean trapOnly = !root.has("model");
        Map<String, Long> m = new LinkedHashMap<>(defaults().nanosPerFiring());
        for (var it = costs.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().canConvertToLong()
                    || e.getValue().asLong() < 0
                    || e.getValue().asLong() > 1_000_000) {
                throw new IOException(
                        what + ": nanosPerFiring." + e.getKey() + " must be 0..1000000 ns");
            }
            long bpf =
                    trapOnly
                            ? Math.round(
                                    root.path("bpfNanosPerFiring").path(e.getKey()).asDouble(0))
                            : 0;
            m.put(e.getKey(), e.getValue().asLong() + bpf);
        }
        return m;
    }

    /**
     * Cost of one firing of this plan's probes. The calibrated figures are per firing of an entry +
     * return pair, and the two halves differ on a single-stepped site: the entry is single-stepped
     * (≈ 10 µs here), the return lands on the kernel's return trampoline, an emulated int3 (≈ 1
     * µs). A plan that fires only at entries (Count on a uprobe) pays the entry alone: twice the
     * pair's per-firing figure less an emulated firing, never less than the per-firing figure (so
     * an emulated or USDT site keeps its own).
     */
    public long forPlan(ProbePlan plan) {
        Long measured = nanosPerFiring.get(key(plan.attachClass(), plan.measure()));
        if (measured != null) return measured; // the same programs at a site of the same class
        long perFiring = forClass(plan.attachClass());
        boolean uprobes = plan.sites().stream().anyMatch(s -> s instanceof Site.Uprobe);
        boolean returns =
                plan.sites().stream().anyMatch(s -> s instanceof Site.Uprobe u && u.returnProbe());
        if (!uprobes || returns) return perFiring;
        return Math.max(perFiring, 2 * perFiring - forClass(INT3_EMULATED));
    }

    /**
     * Which programs measure a function's latency in this process: a session program where the
     * kernel has uprobe sessions, unless the property turns them off. Part of the cost cache's
     * model, because the two cost a call differently (one trap or two when a return is not hooked)
     * and a figure measured with one must not price the other.
     */
    public static String latencyPrograms() {
        return LoadedPrograms.sessionsOff()
                ? "entry and return links"
                : "a session link where the kernel has one";
    }

    /**
     * The key of a figure measured with the programs of {@code measure} at a site of {@code
     * attachClass}.
     */
    public static String key(String attachClass, Measure measure) {
        return attachClass + "/" + measure.name();
    }

    /**
     * Cost of one firing at a site of this class; an unknown class (a user-given offset) is assumed
     * single-stepped.
     */
    public long forClass(String attachClass) {
        Long v = nanosPerFiring.get(attachClass);
        if (v != null) return v;
        return nanosPerFiring.getOrDefault(INT3_SINGLE_STEP, 6_000L);
    }
}

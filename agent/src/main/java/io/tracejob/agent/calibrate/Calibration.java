package io.tracejob.agent.calibrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The node's measured trap costs, in the shape {@link io.tracejob.agent.trace.TrapCosts#read} reads
 * ({@code nanosPerFiring} by attach class) plus the raw figures behind them.
 */
public record Calibration(
        long calls,
        List<SiteMeasurement> sites,
        String kernel,
        String hostname,
        String measuredAt) {

    public Calibration {
        sites = List.copyOf(sites);
    }

    /**
     * What the figures mean, written into the file so a file of other figures is told apart: an
     * older one (trap only), or one measured with the other latency programs (an agent of another
     * version on the node, or one with uprobe sessions turned off).
     */
    public static String model() {
        return "firing = trap + program, target thread CPU time; latency: "
                + io.tracejob.agent.trace.TrapCosts.latencyPrograms();
    }

    /**
     * What one firing costs the target (trap and program): by attach class from each class's
     * reference site, and by {@code CLASS/Measure} ({@link io.tracejob.agent.trace.TrapCosts#key})
     * from every site measuring the programs of that measure.
     */
    public Map<String, Long> nanosPerFiring() {
        Map<String, Long> m = byClass(SiteMeasurement::nanosPerFiring);
        for (SiteMeasurement s : sites) if (s.key() != null) m.put(s.key(), s.nanosPerFiring());
        return m;
    }

    /**
     * {@link #nanosPerFiring()} over the fallback constants, for classes this calibration did not
     * measure.
     */
    public Map<String, Long> nanosPerFiringWithDefaults() {
        Map<String, Long> m =
                new LinkedHashMap<>(io.tracejob.agent.trace.TrapCosts.defaults().nanosPerFiring());
        m.putAll(nanosPerFiring());
        return m;
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model());
        root.put("nanosPerFiring", nanosPerFiring());
        root.put("trapNanosPerFiring", byClass(SiteMeasurement::trapNanosPerFiring));
        root.put("bpfNanosPerFiring", byClass(s -> round1(s.bpfNanosPerFiring())));
        root.put("untracedNanosPerCall", byClass(s -> round1(s.untracedNanosPerCall())));
        root.put("tracedNanosPerCall", byClass(s -> round1(s.tracedNanosPerCall())));
        root.put("calls", calls);
        root.put("kernel", kernel);
        root.put("hostname", hostname);
        root.put("measuredAt", measuredAt);
        List<Map<String, Object>> all = new ArrayList<>();
        for (SiteMeasurement s : sites) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("site", s.name());
            m.put("attachClass", s.attachClass());
            if (s.key() != null) m.put("key", s.key());
            m.put("attachPoint", s.attachPoint());
            m.put("firingsPerCall", s.firingsPerCall());
            m.put("untracedNanosPerCall", round1(s.untracedNanosPerCall()));
            m.put("tracedNanosPerCall", round1(s.tracedNanosPerCall()));
            m.put("tracedWallNanosPerCall", round1(s.tracedWallNanosPerCall()));
            m.put("bpfNanosPerFiring", round1(s.bpfNanosPerFiring()));
            m.put("firings", s.firings());
            m.put("trapNanosPerFiring", s.trapNanosPerFiring());
            m.put("nanosPerFiring", s.nanosPerFiring());
            all.add(m);
        }
        root.put("sites", all);
        try {
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(root)
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("calibration JSON: " + e.getMessage(), e);
        }
    }

    /** A table for people; the JSON is for the agent. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Trap costs on %s (kernel %s), %d calls per run, medians of %d runs, target thread CPU time%n",
                        hostname,
                        kernel,
                        calls,
                        Calibrator.RUNS));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-30s %-17s %12s %12s %8s %12s %12s %12s%n",
                        "site",
                        "attach class",
                        "untraced/call",
                        "traced/call",
                        "firings",
                        "BPF/firing",
                        "trap/firing",
                        "cost/firing"));
        for (SiteMeasurement s : sites) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-30s %-17s %10.1f ns %10.1f ns %8d %9.1f ns %9d ns %9d ns%s%n",
                            s.name(),
                            s.attachClass(),
                            s.untracedNanosPerCall(),
                            s.tracedNanosPerCall(),
                            s.firingsPerCall(),
                            s.bpfNanosPerFiring(),
                            s.trapNanosPerFiring(),
                            s.nanosPerFiring(),
                            s.classFigure() ? "" : "  (not a class figure)"));
        }
        return sb.toString();
    }

    private <T> Map<String, T> byClass(Function<SiteMeasurement, T> value) {
        Map<String, T> m = new LinkedHashMap<>();
        for (SiteMeasurement s : sites) if (s.classFigure()) m.put(s.attachClass(), value.apply(s));
        return m;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

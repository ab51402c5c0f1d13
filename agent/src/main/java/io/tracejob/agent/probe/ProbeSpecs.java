package io.tracejob.agent.probe;

import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TracepointPair;
import io.tracejob.api.v1alpha1.UsdtProbe;
import java.nio.file.Path;

/**
 * Probe specs the agent writes itself (calibration sites, capability trials), as a user's spec
 * would say them.
 */
public final class ProbeSpecs {
    private ProbeSpecs() {}

    public static Probe uprobe(Path binary, String function, Measure measure) {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Uprobe);
        p.setBinary(binary.toAbsolutePath().toString());
        p.setFunction(function);
        p.setMeasure(measure);
        return p;
    }

    /**
     * @param end the ending probe of a Latency pair, or null for a single one
     */
    public static Probe usdt(
            Path binary, String provider, String start, String end, Measure measure) {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Usdt);
        p.setBinary(binary.toAbsolutePath().toString());
        p.setUsdt(new UsdtProbe(provider, start, end));
        p.setMeasure(measure);
        return p;
    }

    /**
     * @param end the ending tracepoint of a Latency pair, or null for a single one
     */
    public static Probe tracepoint(String start, String end, Measure measure) {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Tracepoint);
        p.setTracepoint(new TracepointPair(start, end, null));
        p.setMeasure(measure);
        return p;
    }
}

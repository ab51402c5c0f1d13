package io.tracejob.agent.trace;

import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.nio.file.Path;

/** Probe specs for tests. */
final class Probes {
    private Probes() {}

    static Probe uprobe(Path binary, String function) {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Uprobe);
        p.setBinary(binary.toString());
        p.setFunction(function);
        p.setMeasure(Measure.Latency);
        return p;
    }
}

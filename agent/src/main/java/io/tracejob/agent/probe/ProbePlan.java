package io.tracejob.agent.probe;

import io.tracejob.agent.programs.KeySource;
import io.tracejob.api.v1alpha1.Measure;
import java.util.List;

/**
 * A validated spec resolved against real binaries and tracefs: everything needed to load and
 * attach, and nothing taken unchecked from the spec.
 *
 * @param attachClass how the kernel handles the probe site (reported as overhead.attachClass)
 * @param attachPoint a sentence saying where the probes sit
 * @param startKey what pairs a start with its end, read at the start site
 * @param endKey the same key read at the end site (a tracepoint field may sit at another offset)
 * @param valueField for Value: the field's offset, size and signedness
 */
public record ProbePlan(
        Measure measure,
        List<Site> sites,
        KeySource startKey,
        KeySource endKey,
        String attachClass,
        String attachPoint,
        ValueField valueField,
        List<String> warnings) {

    public record ValueField(String name, int offset, int size, boolean signed) {}

    /** The same plan probing other sites (e.g. the same binaries through other paths). */
    public ProbePlan withSites(List<Site> other) {
        return new ProbePlan(
                measure,
                List.copyOf(other),
                startKey,
                endKey,
                attachClass,
                attachPoint,
                valueField,
                warnings);
    }

    public boolean perProcess() {
        return sites.stream().anyMatch(s -> s instanceof Site.Uprobe);
    }
}

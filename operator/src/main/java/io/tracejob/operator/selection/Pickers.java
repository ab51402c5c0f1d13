package io.tracejob.operator.selection;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.TraceJob;

/**
 * The picker a TraceJob asks for. Pick Slowest by probe (the default ranking) is a multi-pass flow,
 * not a Picker; so is Slowest by Prometheus, whose query is answered off the reconcile thread
 * ({@link PrometheusPicker}).
 */
public final class Pickers {
    private final Picker any = new AnyPicker();
    private final Picker all = new AllPicker();
    private final PrometheusPicker prometheus;
    private final Picker cpu;

    public Pickers(KubernetesClient client, PrometheusPicker prometheus) {
        this.prometheus = prometheus;
        this.cpu = new CpuPicker(client);
    }

    public boolean isPreTrace(TraceJob job) {
        var t = job.getSpec().getTarget();
        if (t.getPodName() != null || t.getPick() != Pick.Slowest) return false;
        SlowestBy by = t.getSlowestBy();
        return by == null || by.getProbe() != null;
    }

    public boolean isPrometheus(TraceJob job) {
        var t = job.getSpec().getTarget();
        return t.getPodName() == null
                && t.getPick() == Pick.Slowest
                && t.getSlowestBy() != null
                && t.getSlowestBy().getPrometheus() != null;
    }

    public PrometheusPicker prometheus() {
        return prometheus;
    }

    /** The picker of a job that is neither {@link #isPreTrace} nor {@link #isPrometheus}. */
    public Picker forJob(TraceJob job) {
        var t = job.getSpec().getTarget();
        if (t.getPodName() != null) return any;
        return switch (t.getPick()) {
            case Any -> any;
            case All -> all;
            case Slowest -> cpu;
        };
    }
}

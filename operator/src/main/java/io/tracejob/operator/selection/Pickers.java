package io.tracejob.operator.selection;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.TraceJob;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The picker a TraceJob asks for. Pick Slowest by probe (the default ranking) is a multi-pass flow,
 * not a Picker.
 */
public final class Pickers {
    private final Picker any = new AnyPicker();
    private final Picker all = new AllPicker();
    private final Picker prometheus;
    private final Picker cpu;

    public Pickers(KubernetesClient client, HttpClient http, Duration prometheusTimeout) {
        this.prometheus = new PrometheusPicker(http, prometheusTimeout);
        this.cpu = new CpuPicker(client);
    }

    public static Pickers standard(KubernetesClient client) {
        return new Pickers(
                client,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Duration.ofSeconds(10));
    }

    public boolean isPreTrace(TraceJob job) {
        var t = job.getSpec().getTarget();
        if (t.getPodName() != null || t.getPick() != Pick.Slowest) return false;
        SlowestBy by = t.getSlowestBy();
        return by == null || by.getProbe() != null;
    }

    public Picker forJob(TraceJob job) {
        var t = job.getSpec().getTarget();
        if (t.getPodName() != null) return any;
        return switch (t.getPick()) {
            case Any -> any;
            case All -> all;
            case Slowest -> t.getSlowestBy().getPrometheus() != null ? prometheus : cpu;
        };
    }
}

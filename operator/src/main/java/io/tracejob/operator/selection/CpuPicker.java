package io.tracejob.operator.selection;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.status.EventReason;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pick Slowest by {@code slowestBy.cpu}: the named container's CPU usage from metrics.k8s.io,
 * highest wins.
 */
public final class CpuPicker implements Picker {
    private final KubernetesClient client;

    public CpuPicker(KubernetesClient client) {
        this.client = client;
    }

    /**
     * CPU cores of each candidate's container that metrics.k8s.io knows, and how many it listed.
     */
    public record Usage(Map<String, Double> coresByPod, int listed) {}

    /**
     * The named container's CPU usage of each candidate (those metrics.k8s.io has figures for).
     *
     * @throws SelectionException when PodMetrics cannot be read (no metrics-server)
     */
    public Usage usage(TraceJob job, List<PodTarget> candidates) throws SelectionException {
        String ns = job.getMetadata().getNamespace();
        List<PodMetrics> metrics;
        try {
            metrics = client.top().pods().metrics(ns).getItems();
        } catch (KubernetesClientException e) {
            throw new SelectionException(
                    EventReason.METRICS_UNAVAILABLE,
                    "cannot read PodMetrics (metrics.k8s.io) in namespace "
                            + ns
                            + ": HTTP "
                            + e.getCode()
                            + " "
                            + e.getMessage().lines().findFirst().orElse("")
                            + "; is metrics-server installed?",
                    e);
        }
        Map<String, Double> byPod = new TreeMap<>();
        for (PodTarget c : candidates) {
            for (PodMetrics m : metrics) {
                if (!c.pod().equals(m.getMetadata().getName()) || m.getContainers() == null)
                    continue;
                for (ContainerMetrics cm : m.getContainers()) {
                    Quantity cpu = cm.getUsage() == null ? null : cm.getUsage().get("cpu");
                    if (c.container().equals(cm.getName()) && cpu != null) {
                        byPod.put(c.pod(), cpu.getNumericalAmount().doubleValue());
                    }
                }
            }
        }
        return new Usage(byPod, metrics.size());
    }

    @Override
    public Selection pick(TraceJob job, List<PodTarget> candidates) throws SelectionException {
        Usage usage = usage(job, candidates);
        Map<String, Double> byPod = usage.coresByPod();
        String ns = job.getMetadata().getNamespace();
        int listed = usage.listed();
        if (byPod.isEmpty()) {
            throw new SelectionException(
                    EventReason.METRICS_UNAVAILABLE,
                    "metrics.k8s.io has no CPU usage for container '"
                            + candidates.get(0).container()
                            + "' of any of the "
                            + Plural.pods(candidates.size())
                            + " in namespace "
                            + ns
                            + " ("
                            + listed
                            + " PodMetrics listed)");
        }
        return Ranking.highest(
                candidates,
                byPod,
                (winner, value, of) ->
                        "highest CPU in metrics.k8s.io: "
                                + QueryWords.significant(value)
                                + " cores of "
                                + Plural.pods(of));
    }
}

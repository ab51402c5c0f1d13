package io.tracejob.operator.testsupport;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import java.time.Duration;
import java.util.Map;

/** What metrics-server would answer: the CPU usage of container {@code app} of each pod. */
public final class PodCpuMetrics {
    private PodCpuMetrics() {}

    /** metrics.k8s.io in {@code namespace} answers {@code cpuByPod} (quantities, e.g. 120m). */
    public static void serve(Harness h, String namespace, Map<String, String> cpuByPod) {
        var metrics = new PodMetricsListBuilder();
        cpuByPod.forEach(
                (pod, cpu) ->
                        metrics.addToItems(
                                new PodMetricsBuilder()
                                        .withNewMetadata()
                                        .withName(pod)
                                        .withNamespace(namespace)
                                        .endMetadata()
                                        .withWindow(
                                                new io.fabric8.kubernetes.api.model.Duration(
                                                        Duration.ofSeconds(30)))
                                        .addNewContainer()
                                        .withName("app")
                                        .addToUsage("cpu", new Quantity(cpu))
                                        .addToUsage("memory", new Quantity("64Mi"))
                                        .endContainer()
                                        .build()));
        h.cluster
                .server()
                .expect()
                .get()
                .withPath("/apis/metrics.k8s.io/v1beta1/namespaces/" + namespace + "/pods")
                .andReturn(200, metrics.build())
                .always();
    }
}

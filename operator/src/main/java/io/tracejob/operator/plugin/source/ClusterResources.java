package io.tracejob.operator.plugin.source;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;

/**
 * TraceJobs and TraceSchedules read from the cluster. A missing object is told apart from a cluster
 * without the CRD (the API server answers 404 to both): the API group's discovery says which.
 */
public final class ClusterResources {
    private ClusterResources() {}

    public static TraceJob traceJob(KubernetesClient client, String namespace, String name) {
        return get(client, TraceJob.class, "tracejobs", namespace, name);
    }

    public static TraceSchedule traceSchedule(
            KubernetesClient client, String namespace, String name) {
        return get(client, TraceSchedule.class, "traceschedules", namespace, name);
    }

    /**
     * Whether the API server serves {@code plural} in TraceJob's group and version: its discovery
     * document lists the resource (an API server without the CRD answers 404: null here).
     */
    public static boolean served(KubernetesClient client, String plural) {
        APIResourceList resources = client.getApiResources(TraceJob.API_VERSION);
        return resources != null
                && resources.getResources().stream().anyMatch(r -> plural.equals(r.getName()));
    }

    private static <T extends HasMetadata> T get(
            KubernetesClient client, Class<T> type, String plural, String namespace, String name) {
        String kind = HasMetadata.getKind(type);
        T found;
        try {
            found = client.resources(type).inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new PluginError(
                        "not allowed to read "
                                + kind
                                + " "
                                + name
                                + " in namespace "
                                + namespace
                                + " (kubectl auth can-i get "
                                + plural
                                + "."
                                + TraceJob.GROUP
                                + " -n "
                                + namespace
                                + ")",
                        e);
            }
            throw e;
        }
        if (found != null) return found;
        if (!served(client, plural)) {
            throw new PluginError(
                    "the cluster has no "
                            + kind
                            + " CRD ("
                            + plural
                            + "."
                            + TraceJob.GROUP
                            + ", version "
                            + TraceJob.VERSION
                            + "): install the tracejob-operator chart, or check --context");
        }
        throw new PluginError(
                "no "
                        + kind
                        + " "
                        + name
                        + " in namespace "
                        + namespace
                        + " (kubectl get "
                        + plural
                        + " -n "
                        + namespace
                        + " lists them)");
    }
}

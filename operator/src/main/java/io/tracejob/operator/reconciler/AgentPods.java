package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.completion.OutcomeReader;
import io.tracejob.operator.config.OperatorConfig;
import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads agent pods from the informer cache and creates or deletes them through the API. The cache
 * is indexed by node and by TraceJob, so that a pass reads the few pods it concerns instead of
 * scanning every agent pod (with 1,000 jobs, the scan in {@link #activeOn} ran inside {@code
 * NodeSlots}' lock and queued the reconcile threads behind it).
 */
final class AgentPods {
    private static final String BY_NODE = "tracejob-agents-by-node";
    private static final String BY_JOB = "tracejob-agents-by-job-uid";

    private final KubernetesClient client;
    private final OperatorConfig config;
    private volatile InformerEventSource<Pod, TraceJob> cache;

    AgentPods(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Before the informer starts (an index cannot be added to a running one). */
    void attach(InformerEventSource<Pod, TraceJob> cache) {
        cache.addIndexers(
                Map.of(
                        BY_NODE, p -> keyOf(p.getSpec().getNodeName()),
                        BY_JOB, p -> keyOf(AgentLabels.label(p, AgentLabels.JOB_UID))));
        this.cache = cache;
    }

    private static List<String> keyOf(String value) {
        return value == null ? List.of() : List.of(value);
    }

    /** Agent pods of this TraceJob with {@code role}, by name. */
    List<Pod> of(TraceJob job, AgentRole role) {
        return allOf(job).stream()
                .filter(p -> role == AgentRole.fromLabel(AgentLabels.label(p, AgentLabels.ROLE)))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    List<Pod> allOf(TraceJob job) {
        return cache.byIndex(BY_JOB, job.getMetadata().getUid());
    }

    /**
     * The pod from the cache or, when the cache has not seen it yet, from the API server; empty if
     * it is gone.
     */
    Optional<Pod> find(String name) {
        Optional<Pod> cached = cache.get(new ResourceID(name, config.agentNamespace()));
        if (cached.isPresent()) return cached;
        return Optional.ofNullable(
                client.pods().inNamespace(config.agentNamespace()).withName(name).get());
    }

    boolean cached(String name) {
        return cache.get(new ResourceID(name, config.agentNamespace())).isPresent();
    }

    /** Names of unfinished agent pods on {@code node}, of every TraceJob. */
    Set<String> activeOn(String node) {
        return cache.byIndex(BY_NODE, node).stream()
                .filter(AgentPods::active)
                .map(p -> p.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    static boolean active(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) return false;
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /**
     * Creates the pod; one that already exists (same deterministic name) is kept, never replaced.
     */
    Pod create(Pod pod) {
        try {
            Pod created = client.pods().inNamespace(config.agentNamespace()).resource(pod).create();
            cache.handleRecentResourceCreate(ResourceID.fromResource(created), created);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return find(pod.getMetadata().getName()).orElse(pod);
            }
            throw e;
        }
    }

    /**
     * Stops an agent: a normal delete, so the kubelet sends SIGTERM and waits the pod's grace
     * period while the agent detaches and writes its partial result. A finalizer goes on first so
     * that the pod, and its termination message, stay until the operator has read them (as the Job
     * controller does with its pods); {@link #releaseOutcome} takes it off.
     */
    void stopGracefully(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) return;
        if (editFinalizers(
                pod,
                f -> {
                    if (!f.contains(AgentLabels.OUTCOME_FINALIZER))
                        f.add(AgentLabels.OUTCOME_FINALIZER);
                })) delete(pod);
    }

    /** Takes off the finalizer {@link #stopGracefully} put on, once the outcome is in status. */
    void releaseOutcome(Pod pod) {
        if (!pod.getFinalizers().contains(AgentLabels.OUTCOME_FINALIZER)) return;
        editFinalizers(pod, f -> f.remove(AgentLabels.OUTCOME_FINALIZER));
    }

    /** Changes the pod's finalizers; false when the pod is gone. */
    private boolean editFinalizers(Pod pod, Consumer<List<String>> change) {
        try {
            client.pods()
                    .inNamespace(config.agentNamespace())
                    .withName(pod.getMetadata().getName())
                    .edit(
                            p -> {
                                change.accept(p.getMetadata().getFinalizers());
                                return p;
                            });
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) return false;
            throw e;
        }
    }

    /** Whether any agent pod, of any TraceJob, may still have probes attached. */
    boolean anyTracing() {
        return cache.list(config.agentNamespace(), p -> !OutcomeReader.read(p).done())
                .findAny()
                .isPresent();
    }

    void delete(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) return;
        try {
            client.pods()
                    .inNamespace(config.agentNamespace())
                    .withName(pod.getMetadata().getName())
                    .delete();
        } catch (KubernetesClientException e) {
            // already gone, or being changed by the kubelet: the next pass sees the outcome
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND
                    && e.getCode() != HttpURLConnection.HTTP_CONFLICT) throw e;
        }
    }

    /** Deletes every agent pod of the TraceJob, cached or not: used by the finalizer. */
    void deleteAllOf(TraceJob job) {
        allOf(job).forEach(this::releaseOutcome);
        client.pods()
                .inNamespace(config.agentNamespace())
                .withLabel(AgentLabels.JOB_UID, job.getMetadata().getUid())
                .delete();
    }
}

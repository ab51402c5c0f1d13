package io.tracejob.operator.selection;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.Target;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.status.EventReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Eligible pods for a TraceJob: Running and Ready, in the TraceJob's own namespace (cross-namespace
 * targeting is impossible because no other namespace is ever listed), having the named container
 * running.
 */
public final class CandidateFinder {
    private final KubernetesClient client;

    public CandidateFinder(KubernetesClient client) {
        this.client = client;
    }

    /** Eligible pods sorted by name; never empty. */
    public List<PodTarget> find(TraceJob job) throws SelectionException {
        String ns = job.getMetadata().getNamespace();
        Target target = job.getSpec().getTarget();
        List<Pod> pods;
        String searched;
        if (target.getPodName() != null) {
            Pod pod = client.pods().inNamespace(ns).withName(target.getPodName()).get();
            pods = pod == null ? List.of() : List.of(pod);
            searched = "pod " + target.getPodName() + " in namespace " + ns;
        } else {
            pods =
                    client.pods()
                            .inNamespace(ns)
                            .withLabelSelector(target.getSelector())
                            .list()
                            .getItems();
            searched =
                    "pods in namespace "
                            + ns
                            + " matching selector "
                            + describe(target.getSelector());
        }
        List<PodTarget> eligible = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (Pod pod :
                pods.stream()
                        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                        .toList()) {
            String why = ineligible(pod, target.getContainer());
            if (why == null) {
                eligible.add(toTarget(pod, target.getContainer()));
            } else {
                excluded.add(pod.getMetadata().getName() + ": " + why);
            }
        }
        if (eligible.isEmpty()) {
            String container =
                    target.getContainer() == null
                            ? ""
                            : " with a running container '" + target.getContainer() + "'";
            String detail =
                    pods.isEmpty()
                            ? "none found"
                            : "found "
                                    + Plural.pods(pods.size())
                                    + ", none eligible ("
                                    + String.join("; ", excluded)
                                    + ")";
            throw new SelectionException(
                    EventReason.NO_CANDIDATES,
                    "no Running and Ready pod" + container + " among " + searched + ": " + detail);
        }
        return eligible;
    }

    /**
     * The pod as a target if it is still eligible (used when a chosen pod is re-checked after a
     * wait).
     */
    public Optional<PodTarget> recheck(String namespace, String podName, String container) {
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (pod == null || ineligible(pod, container) != null) return Optional.empty();
        return Optional.of(toTarget(pod, container));
    }

    static String ineligible(Pod pod, String container) {
        if (pod.getMetadata().getDeletionTimestamp() != null) return "being deleted";
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
            return "phase " + (pod.getStatus() == null ? "unknown" : pod.getStatus().getPhase());
        }
        boolean ready =
                pod.getStatus().getConditions() != null
                        && pod.getStatus().getConditions().stream()
                                .anyMatch(
                                        c ->
                                                "Ready".equals(c.getType())
                                                        && "True".equals(c.getStatus()));
        if (!ready) return "not Ready";
        if (pod.getSpec().getNodeName() == null) return "not on a node";
        List<String> names = pod.getSpec().getContainers().stream().map(c -> c.getName()).toList();
        String name = container;
        if (name == null) {
            if (names.size() != 1)
                return "has "
                        + names.size()
                        + " containers "
                        + names
                        + "; set spec.target.container";
            name = names.get(0);
        } else if (!names.contains(name)) {
            return "no container '" + name + "' (has " + String.join(", ", names) + ")";
        }
        ContainerStatus cs = containerStatus(pod, name).orElse(null);
        if (cs == null || cs.getContainerID() == null || cs.getContainerID().isEmpty()) {
            return "container '" + name + "' has no container ID yet";
        }
        if (cs.getState() == null || cs.getState().getRunning() == null)
            return "container '" + name + "' is not running";
        return null;
    }

    private static PodTarget toTarget(Pod pod, String container) {
        String name =
                container != null ? container : pod.getSpec().getContainers().get(0).getName();
        return new PodTarget(
                pod.getMetadata().getName(),
                pod.getMetadata().getNamespace(),
                pod.getSpec().getNodeName(),
                pod.getMetadata().getUid(),
                name,
                containerStatus(pod, name).orElseThrow().getContainerID());
    }

    private static Optional<ContainerStatus> containerStatus(Pod pod, String name) {
        if (pod.getStatus().getContainerStatuses() == null) return Optional.empty();
        return pod.getStatus().getContainerStatuses().stream()
                .filter(cs -> name.equals(cs.getName()))
                .findFirst();
    }

    static String describe(LabelSelector selector) {
        List<String> parts = new ArrayList<>();
        Map<String, String> labels = selector.getMatchLabels();
        if (labels != null) labels.forEach((k, v) -> parts.add(k + "=" + v));
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String values =
                        r.getValues() == null
                                ? ""
                                : r.getValues().stream()
                                        .collect(Collectors.joining(",", " (", ")"));
                parts.add(r.getKey() + " " + r.getOperator() + values);
            }
        }
        return parts.isEmpty() ? "(everything)" : String.join(",", parts);
    }
}

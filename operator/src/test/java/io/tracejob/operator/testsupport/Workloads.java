package io.tracejob.operator.testsupport;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Target;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/** Target pods (Running, Ready, with container IDs) and TraceJobs as a user would write them. */
public final class Workloads {
    private final KubernetesClient client;

    public Workloads(KubernetesClient client) {
        this.client = client;
    }

    /** A Running and Ready pod with one container {@code app} labelled app=shop on {@code node}. */
    public Pod targetPod(String namespace, String name, String node) {
        return targetPod(namespace, name, node, Map.of("app", "shop"));
    }

    public Pod targetPod(String namespace, String name, String node, Map<String, String> labels) {
        Pod pod =
                client.pods()
                        .inNamespace(namespace)
                        .resource(
                                new PodBuilder()
                                        .withNewMetadata()
                                        .withName(name)
                                        .withNamespace(namespace)
                                        .withLabels(labels)
                                        .endMetadata()
                                        .withNewSpec()
                                        .withNodeName(node)
                                        .addNewContainer()
                                        .withName("app")
                                        .withImage("shop:1")
                                        .endContainer()
                                        .endSpec()
                                        .build())
                        .create();
        String now = Instant.now().toString();
        return client.pods()
                .inNamespace(namespace)
                .withName(name)
                .editStatus(
                        p -> {
                            p.setStatus(
                                    new PodStatusBuilder()
                                            .withPhase("Running")
                                            .addNewCondition()
                                            .withType("Ready")
                                            .withStatus("True")
                                            .endCondition()
                                            .addNewContainerStatus()
                                            .withName("app")
                                            .withReady(true)
                                            .withImage("shop:1")
                                            .withContainerID(containerId(namespace, name))
                                            .withNewState()
                                            .withNewRunning()
                                            .withStartedAt(now)
                                            .endRunning()
                                            .endState()
                                            .endContainerStatus()
                                            .build());
                            return p;
                        });
    }

    /** The container runtime ID the fake cluster gives pod {@code name}'s container. */
    public static String containerId(String namespace, String name) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest((namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
            return "containerd://" + HexFormat.of().formatHex(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A uprobe TraceJob on match_order in /app/server for 30s, choosing pods labelled app=shop with
     * {@code pick}.
     */
    public static TraceJob job(String namespace, String name, Pick pick) {
        Target t = new Target();
        t.setSelector(new LabelSelectorBuilder().addToMatchLabels("app", "shop").build());
        t.setPick(pick);
        return job(namespace, name, t);
    }

    public static TraceJob jobForPod(String namespace, String name, String podName) {
        Target t = new Target();
        t.setPodName(podName);
        t.setPick(Pick.Any);
        return job(namespace, name, t);
    }

    public static TraceJob job(String namespace, String name, Target target) {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Uprobe);
        p.setBinary("/app/server");
        p.setFunction("match_order");
        TraceJobSpec spec = new TraceJobSpec();
        spec.setTarget(target);
        spec.setProbe(p);
        spec.setDuration("30s");
        spec.setTtlSecondsAfterFinished(3600);
        TraceJob job = new TraceJob();
        job.getMetadata().setName(name);
        job.getMetadata().setNamespace(namespace);
        job.setSpec(spec);
        return job;
    }

    public TraceJob create(TraceJob job) {
        return client.resource(job).create();
    }

    public TraceJob get(String namespace, String name) {
        return client.resources(TraceJob.class).inNamespace(namespace).withName(name).get();
    }
}

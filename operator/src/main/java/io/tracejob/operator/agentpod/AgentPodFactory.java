package io.tracejob.operator.agentpod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.AgentPrivileges;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.contract.AgentPodArguments;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.selection.PodTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the one pod shape that runs the agent next to a target. Everything a reviewer must check
 * about the agent's privileges is in this class.
 */
public final class AgentPodFactory {
    public static final String CONTAINER = "agent";
    static final String TRACEFS = "/sys/kernel/tracing";

    /**
     * Host directory where agents cache what a probe firing costs on this node (measured by the
     * first agent after a boot, reused by the later ones); the agent reads its place from {@link
     * AgentPodArguments#COST_CACHE_ENV}.
     */
    public static final String COST_CACHE = "/var/lib/tracejob/costs";

    // Each one is what a probe needs and nothing more; the list and the reason for each live in
    // AgentPrivileges,
    // which the agent's tests drop to, so what passes there runs here.
    public static final List<String> CAPABILITIES = AgentPrivileges.names();

    private final OperatorConfig config;

    public AgentPodFactory(OperatorConfig config) {
        this.config = config;
    }

    /**
     * Deterministic: the same TraceJob, role and target always give the same name, so a restart
     * cannot duplicate.
     */
    public static String podName(TraceJob job, AgentRole role, String targetPod) {
        String base = job.getMetadata().getName().replace('.', '-');
        if (base.length() > 40) base = base.substring(0, 40);
        while (base.endsWith("-")) base = base.substring(0, base.length() - 1);
        String hash =
                sha256(job.getMetadata().getUid() + "/" + role.label() + "/" + targetPod)
                        .substring(0, 10);
        return "tj-" + base + "-" + role.nameTag() + hash;
    }

    /**
     * The agent pod tracing {@code target} for {@code traceDuration}; the spec is sent with that
     * duration.
     */
    public Pod build(TraceJob job, AgentRole role, PodTarget target, Duration traceDuration) {
        TraceJobSpec spec = Serialization.clone(job.getSpec());
        spec.setDuration(KubeDuration.format(traceDuration));
        long deadline = ceilSeconds(traceDuration.plus(config.deadlineGrace()));

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(AgentLabels.NAME, AgentLabels.NAME_VALUE);
        labels.put(AgentLabels.MANAGED_BY, AgentLabels.MANAGED_BY_VALUE);
        labels.put(AgentLabels.JOB_UID, job.getMetadata().getUid());
        labels.put(AgentLabels.ROLE, role.label());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(AgentLabels.JOB_NAMESPACE, job.getMetadata().getNamespace());
        annotations.put(AgentLabels.JOB_NAME, job.getMetadata().getName());
        annotations.put(AgentLabels.TARGET_POD, target.pod());
        annotations.put(AgentLabels.TARGET_NODE, target.node());
        annotations.put(AgentLabels.TARGET_CONTAINER, target.container());
        annotations.put(AgentLabels.TARGET_CONTAINER_ID, target.containerId());

        return new PodBuilder()
                .withNewMetadata()
                .withName(podName(job, role, target.pod()))
                .withNamespace(config.agentNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withNodeName(target.node())
                .withHostPID(true)
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withActiveDeadlineSeconds(deadline)
                // Time for the agent to write the partial result after SIGTERM.
                .withTerminationGracePeriodSeconds(15L)
                .withTolerations(config.agentTolerations())
                .withImagePullSecrets(
                        config.agentImagePullSecrets().stream()
                                .map(LocalObjectReference::new)
                                .toList())
                .withContainers(container(spec, target))
                .withVolumes(
                        new VolumeBuilder()
                                .withName("tracefs")
                                .withNewHostPath(TRACEFS, "Directory")
                                .build(),
                        new VolumeBuilder()
                                .withName("costs")
                                .withNewHostPath(COST_CACHE, "DirectoryOrCreate")
                                .build(),
                        new VolumeBuilder()
                                .withName("tmp")
                                .withNewEmptyDir()
                                .withSizeLimit(new io.fabric8.kubernetes.api.model.Quantity("64Mi"))
                                .endEmptyDir()
                                .build())
                .endSpec()
                .build();
    }

    private Container container(TraceJobSpec spec, PodTarget target) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(config.agentImage())
                .withImagePullPolicy(config.agentImagePullPolicy())
                .withArgs(
                        AgentPodArguments.SUBCOMMAND,
                        AgentPodArguments.SPEC_JSON,
                        Serialization.asJson(spec),
                        AgentPodArguments.CONTAINER_ID,
                        target.containerId(),
                        AgentPodArguments.POD_UID,
                        target.podUid(),
                        AgentPodArguments.RESULT_FILE,
                        TerminationMessageFormat.PATH)
                .withTerminationMessagePath(TerminationMessageFormat.PATH)
                .withTerminationMessagePolicy("File")
                .withResources(config.agentResources())
                .withEnv(environment())
                .withSecurityContext(securityContext())
                .withVolumeMounts(
                        new VolumeMountBuilder()
                                .withName("tracefs")
                                .withMountPath(TRACEFS)
                                .withReadOnly(true)
                                .build(),
                        new VolumeMountBuilder()
                                .withName("costs")
                                .withMountPath(COST_CACHE)
                                .build(),
                        // The JVM and JNA unpack native code here; the root filesystem stays
                        // read-only.
                        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                .build();
    }

    /**
     * Where the node's measured cost per firing is cached, and JAVA_TOOL_OPTIONS (which the JVM
     * reads whatever the image's entrypoint): heap flags fitted to the memory limit.
     */
    private List<EnvVar> environment() {
        List<EnvVar> env = new java.util.ArrayList<>();
        env.add(new EnvVar(AgentPodArguments.COST_CACHE_ENV, COST_CACHE, null));
        String opts = config.agentJavaOptions();
        if (opts != null && !opts.isBlank()) env.add(new EnvVar("JAVA_TOOL_OPTIONS", opts, null));
        return env;
    }

    private SecurityContext securityContext() {
        SecurityContextBuilder b =
                new SecurityContextBuilder()
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities()
                        .withAdd(config.agentCapabilities())
                        .withDrop("ALL")
                        .endCapabilities();
        if (config.agentPrivileged()) {
            // The API server rejects privileged without privilege escalation.
            b.withPrivileged(true).withAllowPrivilegeEscalation(true);
        } else {
            b.withAllowPrivilegeEscalation(false);
            // Named, not left to the node: RuntimeDefault profiles such as containers-common 0.50's
            // (podman's and
            // CRI-O's) allow bpf(2) and perf_event_open(2) only with CAP_SYS_ADMIN, so under them
            // the agent fails
            // with EPERM despite CAP_BPF and CAP_PERFMON (measured in AgentPodInPodmanTest).
            // Unconfined is what a
            // kubelet without SeccompDefault gives a pod that names no profile anyway.
            b.withNewSeccompProfile().withType("Unconfined").endSeccompProfile();
        }
        return b.build();
    }

    static long ceilSeconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

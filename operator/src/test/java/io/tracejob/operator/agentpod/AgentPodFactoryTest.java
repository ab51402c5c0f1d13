package io.tracejob.operator.agentpod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.contract.AgentPodArguments;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentPodFactoryTest {
    private static final PodTarget TARGET =
            new PodTarget(
                    "shop-7d9f-x2k4q",
                    "shop",
                    "node-3",
                    "0f6c1e2a-1111-2222-3333-444455556666",
                    "app",
                    "containerd://4be1c0ffee");
    private static final Toleration TOLERATION =
            new TolerationBuilder()
                    .withKey("dedicated")
                    .withOperator("Equal")
                    .withValue("db")
                    .withEffect("NoSchedule")
                    .build();

    private static OperatorConfig.Builder config() {
        return OperatorConfig.builder()
                .operatorNamespace("tracing-ops")
                .agentImage("registry.local/agent:1.2")
                .agentImagePullPolicy("Always")
                .deadlineGrace(Duration.ofSeconds(45))
                .agentTolerations(List.of(TOLERATION))
                .agentResources(
                        new ResourceRequirementsBuilder()
                                .addToLimits("memory", new Quantity("300Mi"))
                                .build());
    }

    private static TraceJob job() {
        TraceJob j = Workloads.job("shop", "checkout-latency", Pick.Any);
        j.getMetadata().setUid("9d1f5d43-aaaa-bbbb-cccc-0123456789ab");
        return j;
    }

    private static Pod build(OperatorConfig c) {
        return new AgentPodFactory(c).build(job(), AgentRole.TRACE, TARGET, Duration.ofSeconds(30));
    }

    @Test
    void podRunsInTheAgentNamespaceOnTheTargetsNodeSharingItsPidNamespace() {
        Pod pod = build(config().build());
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("tracing-ops");
        assertThat(build(config().agentNamespace("agents").build()).getMetadata().getNamespace())
                .isEqualTo("agents");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-3");
        assertThat(pod.getSpec().getHostPID()).isTrue();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(30 + 45);
        assertThat(pod.getSpec().getTolerations()).containsExactly(TOLERATION);
    }

    @Test
    void containerHasOnlyTheCapabilitiesAProbeNeedsAndAReadOnlyRoot() {
        Container c = build(config().build()).getSpec().getContainers().get(0);
        var sc = c.getSecurityContext();
        assertThat(sc.getCapabilities().getAdd())
                .containsExactly("BPF", "PERFMON", "SYS_PTRACE", "SYS_RESOURCE");
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getPrivileged()).isNull();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getSeccompProfile().getType())
                .as("not the runtime's default, which may refuse bpf(2)")
                .isEqualTo("Unconfined");

        var privileged =
                build(config().agentPrivileged(true).build())
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getSecurityContext();
        assertThat(privileged.getPrivileged()).isTrue();
        assertThat(privileged.getAllowPrivilegeEscalation()).isTrue();
    }

    @Test
    void containerFollowsTheAgentContractAndConfiguration() {
        Container c = build(config().build()).getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.local/agent:1.2");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("300Mi"));
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        List<String> args = c.getArgs();
        assertThat(args).hasSize(9);
        assertThat(args.get(0)).isEqualTo("pod");
        assertThat(args.subList(3, 9))
                .containsExactly(
                        "--container-id",
                        "containerd://4be1c0ffee",
                        "--pod-uid",
                        "0f6c1e2a-1111-2222-3333-444455556666",
                        "--result-file",
                        "/dev/termination-log");
        assertThat(args.get(1)).isEqualTo("--spec-json");
        TraceJobSpec sent = Serialization.unmarshal(args.get(2), TraceJobSpec.class);
        assertThat(SpecValidator.validate(sent)).isEmpty();
        assertThat(sent.getProbe().getFunction()).isEqualTo("match_order");
        assertThat(sent.getDuration()).isEqualTo("30s");
        assertThat(c.getVolumeMounts())
                .anySatisfy(
                        m -> {
                            assertThat(m.getMountPath()).isEqualTo("/sys/kernel/tracing");
                            assertThat(m.getReadOnly()).isTrue();
                        });
        // the node's measured cost per firing is cached on the host, so only the first agent after
        // a boot measures it
        assertThat(c.getVolumeMounts())
                .anySatisfy(
                        m -> assertThat(m.getMountPath()).isEqualTo(AgentPodFactory.COST_CACHE));
        assertThat(c.getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("TRACEJOB_COST_CACHE");
                            assertThat(e.getValue()).isEqualTo(AgentPodFactory.COST_CACHE);
                        });
    }

    @Test
    void containerPassesOnlyContractOptionsAndEveryRequiredOne() {
        for (AgentRole role : AgentRole.values()) {
            Container c =
                    new AgentPodFactory(config().build())
                            .build(job(), role, TARGET, Duration.ofSeconds(30))
                            .getSpec()
                            .getContainers()
                            .get(0);
            List<String> args = c.getArgs();
            assertThat(args.get(0)).isEqualTo(AgentPodArguments.SUBCOMMAND);
            assertThat(args.size() % 2)
                    .as("options after the subcommand, each with its value")
                    .isEqualTo(1);
            List<String> options =
                    java.util.stream.IntStream.range(0, args.size() / 2)
                            .mapToObj(i -> args.get(1 + 2 * i))
                            .toList();
            assertThat(options)
                    .doesNotHaveDuplicates()
                    .isSubsetOf(AgentPodArguments.ALL)
                    .containsAll(AgentPodArguments.REQUIRED);
            String spec = args.get(args.indexOf(AgentPodArguments.SPEC_JSON) + 1);
            assertThat(spec.length()).isLessThanOrEqualTo(AgentPodArguments.SPEC_JSON_MAX_CHARS);
            assertThat(args.get(args.indexOf(AgentPodArguments.RESULT_FILE) + 1))
                    .isEqualTo(c.getTerminationMessagePath())
                    .isEqualTo(TerminationMessageFormat.PATH);
            assertThat(c.getEnv())
                    .anySatisfy(
                            e ->
                                    assertThat(e.getName())
                                            .isEqualTo(AgentPodArguments.COST_CACHE_ENV));
        }
    }

    @Test
    void preTraceSendsTheShortDuration() {
        Pod p =
                new AgentPodFactory(config().build())
                        .build(job(), AgentRole.PRETRACE, TARGET, Duration.ofMillis(10_500));
        List<String> args = p.getSpec().getContainers().get(0).getArgs();
        assertThat(Serialization.unmarshal(args.get(2), TraceJobSpec.class).getDuration())
                .isEqualTo("10s500ms");
        assertThat(p.getSpec().getActiveDeadlineSeconds())
                .isEqualTo(11 + 45); // rounded up, never short
        assertThat(p.getMetadata().getLabels()).containsEntry(AgentLabels.ROLE, "pretrace");
    }

    @Test
    void nameIsDeterministicShortAndDistinctPerRoleAndTarget() {
        TraceJob j = job();
        String a = AgentPodFactory.podName(j, AgentRole.TRACE, "shop-1");
        assertThat(AgentPodFactory.podName(job(), AgentRole.TRACE, "shop-1")).isEqualTo(a);
        assertThat(AgentPodFactory.podName(j, AgentRole.TRACE, "shop-2")).isNotEqualTo(a);
        assertThat(AgentPodFactory.podName(j, AgentRole.PRETRACE, "shop-1")).isNotEqualTo(a);
        j.getMetadata().setName("a.very.long.name-" + "x".repeat(200));
        String longName = AgentPodFactory.podName(j, AgentRole.TRACE, "shop-1");
        assertThat(longName).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void labelsCarryTheTraceJobUidAndAnnotationsTheTarget() {
        Pod pod = build(config().build());
        assertThat(pod.getMetadata().getLabels())
                .containsEntry(AgentLabels.JOB_UID, "9d1f5d43-aaaa-bbbb-cccc-0123456789ab")
                .containsEntry(AgentLabels.MANAGED_BY, "tracejob-operator")
                .containsEntry(AgentLabels.ROLE, "trace");
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(AgentLabels.JOB_NAMESPACE, "shop")
                .containsEntry(AgentLabels.JOB_NAME, "checkout-latency")
                .containsEntry(AgentLabels.TARGET_POD, "shop-7d9f-x2k4q")
                .containsEntry(AgentLabels.TARGET_NODE, "node-3")
                .containsEntry(AgentLabels.TARGET_CONTAINER_ID, "containerd://4be1c0ffee");
    }
}

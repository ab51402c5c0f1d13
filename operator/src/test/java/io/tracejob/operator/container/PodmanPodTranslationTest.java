package io.tracejob.operator.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.config.ImageNames;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.selection.PodTarget;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The translation the container test relies on: every field of the agent pod, and nothing it does
 * not know.
 */
class PodmanPodTranslationTest {
    static final Path TERMINATION = Path.of("/tmp/termination-log");

    static Pod agentPod(OperatorConfig config) {
        return new AgentPodFactory(config)
                .build(
                        AgentPodInPodmanTest.job(),
                        AgentRole.TRACE,
                        new PodTarget(
                                "match-engine-0",
                                "shop",
                                "node-1",
                                "uid-1",
                                "engine",
                                "podman://" + "ab".repeat(32)),
                        Duration.ofSeconds(30));
    }

    static OperatorConfig config() {
        return OperatorConfig.builder().agentNamespace("tracejob-agents").build();
    }

    @Test
    void theAgentPodBecomesTheKubeletsRunFlags() {
        var flags =
                PodmanPodTranslation.of(agentPod(config()), "node-1", TERMINATION).runArguments();

        assertThat(flags)
                .contains(
                        "--pid=host",
                        "--network=none",
                        "--read-only",
                        "--read-only-tmpfs=false",
                        "--cap-drop=ALL",
                        "--security-opt=no-new-privileges",
                        "--security-opt=seccomp=unconfined",
                        "--restart=no",
                        "--volume=/sys/kernel/tracing:/sys/kernel/tracing:ro",
                        "--volume=" + TERMINATION + ":" + TerminationMessageFormat.PATH + ":rw",
                        "--tmpfs=/tmp:rw,exec,nosuid,nodev,size=67108864",
                        "--cpus=2",
                        "--memory=268435456b",
                        "--cpu-shares=102",
                        "--memory-reservation=134217728b",
                        "--timeout=90",
                        "--stop-timeout=15");
        assertThat(flags.stream().filter(f -> f.startsWith("--cap-add=")))
                .containsExactlyElementsOf(
                        AgentPodFactory.CAPABILITIES.stream()
                                .map(c -> "--cap-add=CAP_" + c)
                                .toList());
        assertThat(flags.stream().filter(f -> f.startsWith("--privileged"))).isEmpty();
        int image = flags.indexOf(ImageNames.agent());
        assertThat(image).as("the default agent image").isPositive();
        assertThat(flags.subList(image + 1, flags.size())).startsWith("pod", "--spec-json");
    }

    @Test
    void aPodFieldTheTranslationDoesNotKnowFailsNamingIt() {
        Pod pod = agentPod(config());
        // a variable from a Secret is not translated (a literal one is: --env)
        pod.getSpec()
                .getContainers()
                .get(0)
                .setEnv(
                        java.util.List.of(
                                new EnvVarBuilder()
                                        .withName("TOKEN")
                                        .withNewValueFrom()
                                        .withNewSecretKeyRef("token", "agent-secret", false)
                                        .endValueFrom()
                                        .build()));
        assertThatThrownBy(() -> PodmanPodTranslation.of(pod, "node-1", TERMINATION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("env");

        Pod ipc = agentPod(config());
        ipc.getSpec().setHostIPC(true);
        assertThatThrownBy(() -> PodmanPodTranslation.of(ipc, "node-1", TERMINATION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostIPC");
    }

    @Test
    void aPrivilegedAgentPodIsTranslatedAsPrivileged() {
        var flags =
                PodmanPodTranslation.of(
                                agentPod(config().toBuilder().agentPrivileged(true).build()),
                                "node-1",
                                TERMINATION)
                        .runArguments();
        assertThat(flags)
                .contains("--privileged")
                .doesNotContain("--security-opt=no-new-privileges");
    }

    @Test
    void aPodForAnotherNodeIsRefused() {
        assertThatThrownBy(() -> PodmanPodTranslation.of(agentPod(config()), "node-2", TERMINATION))
                .hasMessageContaining("nodeName");
    }
}

package io.tracejob.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void defaultsAreSafeForProduction() {
        OperatorConfig c = ConfigLoader.load(Map.of("POD_NAMESPACE", "ops"), new String[0]);
        assertThat(c.operatorNamespace()).isEqualTo("ops");
        assertThat(c.agentNamespace()).isEqualTo("ops");
        assertThat(c.leaderElection()).isTrue();
        assertThat(c.agentPrivileged()).isFalse();
        assertThat(c.keepAgentPods()).isFalse();
        assertThat(c.maxAgentsPerNode()).isEqualTo(2);
        assertThat(c.maxPreTraceCandidates()).isEqualTo(10);
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.nodeCapabilityTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.reconcileRetries()).isEqualTo(5);
        assertThat(c.reconcileRetryInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void envThenArgsWhichWin() {
        OperatorConfig c =
                ConfigLoader.load(
                        Map.of(
                                "TRACEJOB_AGENT_IMAGE", "a:1",
                                "TRACEJOB_ALLOWED_NAMESPACES", "shop, pay",
                                "TRACEJOB_ALLOWED_FAMILIES", "Uprobe,Usdt",
                                "TRACEJOB_MAX_DURATION", "10m",
                                "TRACEJOB_AGENT_RESOURCES", "{\"limits\":{\"memory\":\"512Mi\"}}",
                                "TRACEJOB_AGENT_TOLERATIONS", "[{\"operator\":\"Exists\"}]",
                                "TRACEJOB_JSON_LOGS", "true",
                                "TRACEJOB_NODE_CAPABILITY_TTL", "30m",
                                "TRACEJOB_RECONCILE_RETRIES", "2"),
                        new String[] {
                            "--agent-image=b:2",
                            "--max-agents-per-node=5",
                            "--max-pre-trace-candidates=20",
                            "--leader-election=false",
                            "--agent-namespace=agents",
                            "--reconcile-retries=3",
                            "--reconcile-retry-interval=500ms"
                        });
        assertThat(c.agentImage()).isEqualTo("b:2");
        assertThat(c.agentNamespace()).isEqualTo("agents");
        assertThat(c.allowedNamespaces()).containsExactlyInAnyOrder("shop", "pay");
        assertThat(c.allowedFamilies()).isEqualTo(Set.of(ProbeFamily.Uprobe, ProbeFamily.Usdt));
        assertThat(c.maxDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.agentResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
        assertThat(c.agentTolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
        assertThat(c.maxAgentsPerNode()).isEqualTo(5);
        assertThat(c.maxPreTraceCandidates()).isEqualTo(20);
        assertThat(c.leaderElection()).isFalse();
        assertThat(c.jsonLogs()).isTrue();
        assertThat(c.nodeCapabilityTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.reconcileRetries()).isEqualTo(3);
        assertThat(c.reconcileRetryInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void errorsNameTheSettingAndTheRule() {
        assertThatThrownBy(
                        () -> ConfigLoader.load(Map.of(), new String[] {"--max-agents-per-node=0"}))
                .hasMessageContaining("max-agents-per-node")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), new String[] {"--agent-imag=x"}))
                .hasMessageContaining("--agent-imag is unknown")
                .hasMessageContaining("--agent-image");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Map.of("TRACEJOB_ALLOWED_FAMILIES", "Uprobe,Dtrace"),
                                        new String[0]))
                .hasMessageContaining("'Dtrace' is not a probe family");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Map.of("TRACEJOB_AGENT_RESOURCES", "{limits"),
                                        new String[0]))
                .hasMessageContaining("agent-resources: not valid JSON");
        assertThatThrownBy(
                        () -> ConfigLoader.load(Map.of(), new String[] {"--max-duration=forever"}))
                .hasMessageContaining("max-duration");
        assertThatThrownBy(
                        () -> ConfigLoader.load(Map.of(), new String[] {"--reconcile-retries=0"}))
                .hasMessageContaining("reconcile-retries")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Map.of("TRACEJOB_NODE_CAPABILITY_TTL", "a while"),
                                        new String[0]))
                .hasMessageContaining("node-capability-ttl");
    }

    @Test
    void chartOnlySettingsReachTheConfig() {
        OperatorConfig c =
                ConfigLoader.load(
                        Map.of(
                                "TRACEJOB_WATCH_NAMESPACES", "shop,payments",
                                "TRACEJOB_AGENT_IMAGE_PULL_SECRETS", "regcred, mirror",
                                "TRACEJOB_AGENT_CAPABILITIES", "BPF,PERFMON",
                                "TRACEJOB_AGENT_JAVA_OPTIONS", "-Xmx100m -XX:+UseSerialGC"),
                        new String[0]);
        assertThat(c.watchNamespaces()).containsExactlyInAnyOrder("shop", "payments");
        assertThat(c.agentImagePullSecrets()).containsExactly("mirror", "regcred");
        assertThat(c.agentCapabilities()).containsExactly("BPF", "PERFMON");
        assertThat(c.agentJavaOptions()).isEqualTo("-Xmx100m -XX:+UseSerialGC");
        OperatorConfig defaults = ConfigLoader.load(Map.of(), new String[0]);
        assertThat(defaults.watchNamespaces()).isEmpty();
        assertThat(defaults.agentCapabilities())
                .containsExactly("BPF", "PERFMON", "SYS_PTRACE", "SYS_RESOURCE");
    }

    @Test
    void capabilityNamesAreCheckedAndAllIsRefused() {
        for (String bad : new String[] {"CAP_BPF", "ALL", "bpf", "BPF;rm"}) {
            assertThatThrownBy(
                            () ->
                                    ConfigLoader.load(
                                            Map.of("TRACEJOB_AGENT_CAPABILITIES", bad),
                                            new String[0]))
                    .as(bad)
                    .hasMessageContaining("agent-capabilities")
                    .hasMessageContaining("agent-privileged");
        }
    }
}

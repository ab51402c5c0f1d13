package io.tracejob.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.config.ConfigLoader;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.testsupport.MockCluster;
import io.tracejob.operator.testsupport.Workloads;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chart, linted and rendered by real Helm, and what its values make of the operator and its
 * agent pods.
 */
class ChartTest {

    @Test
    void lintStrictFindsNothing() {
        LintResult lint = new Helm(RenderedChart.dir()).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages())
                .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void defaultsRenderTheOperatorItsIdentityItsRolesAndAPrivilegedAgentNamespace() {
        RenderedChart chart = RenderedChart.render("");
        assertThat(chart.kinds())
                .containsExactly(
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "ConfigMap",
                        "Deployment",
                        "Namespace",
                        "Role",
                        "Role",
                        "Role",
                        "RoleBinding",
                        "RoleBinding",
                        "RoleBinding",
                        "Service",
                        "ServiceAccount");
        Namespace agents = chart.one(Namespace.class);
        assertThat(agents.getMetadata().getName()).isEqualTo("tracejob-agents");
        assertThat(agents.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
        assertThat(chart.one(ClusterRoleBinding.class).getSubjects())
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.getKind()).isEqualTo("ServiceAccount");
                            assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
                            assertThat(s.getName())
                                    .isEqualTo(
                                            chart.deployment()
                                                    .getSpec()
                                                    .getTemplate()
                                                    .getSpec()
                                                    .getServiceAccountName());
                        });
    }

    @Test
    void operatorRunsAsNonRootWithAReadOnlyRootNoCapabilitiesAndTheRuntimeDefaultSeccompProfile() {
        PodSpec pod = RenderedChart.render("").deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        Container c = pod.getContainers().get(0);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(c.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void probesAskTheOperatorsHttpServerOnItsPortForStartupAndHealth() {
        RenderedChart chart = RenderedChart.render("operator: {httpPort: 9090}");
        Container c = chart.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getPorts())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.getName()).isEqualTo("http");
                            assertThat(p.getContainerPort()).isEqualTo(9090);
                        });
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/startup");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(ConfigLoader.load(chart.operatorEnv(), new String[0]).httpPort())
                .isEqualTo(9090);
        assertThat(chart.one(Service.class).getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
    }

    @Test
    void defaultValuesGiveTheOperatorItsProductionConfiguration() {
        RenderedChart chart = RenderedChart.render("");
        OperatorConfig config = ConfigLoader.load(chart.operatorEnv(), new String[0]);
        assertThat(config.operatorNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        assertThat(config.podName()).isEqualTo(RenderedChart.POD_NAME);
        assertThat(config.agentNamespace()).isEqualTo("tracejob-agents");
        assertThat(config.agentImage()).isEqualTo(images().getProperty("agent.image"));
        assertThat(config.agentCapabilities()).isEqualTo(AgentPodFactory.CAPABILITIES);
        assertThat(config.agentPrivileged()).isFalse();
        assertThat(config.watchNamespaces()).isEmpty();
        assertThat(config.allowedNamespaces()).isEmpty();
        assertThat(config.allowedFamilies()).containsExactlyInAnyOrder(ProbeFamily.values());
        assertThat(config.maxDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(config.maxAgentsPerNode()).isEqualTo(2);
        assertThat(config.maxPreTraceCandidates()).isEqualTo(10);
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.jsonLogs()).isTrue();
        assertThat(config.keepAgentPods()).isFalse();
        assertThat(config.agentResources().getLimits())
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(config.agentJavaOptions()).contains("-XX:MaxRAMPercentage=50");
    }

    @Test
    void imagesInValuesAreTheOnesTheImageScriptBuilds() {
        Properties images = images();
        Container c =
                RenderedChart.render("")
                        .deployment()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        assertThat(c.getImage()).isEqualTo(images.getProperty("operator.image"));
        assertThat(
                        ConfigLoader.load(RenderedChart.render("").operatorEnv(), new String[0])
                                .agentImage())
                .isEqualTo(images.getProperty("agent.image"));
        assertThat(OperatorConfig.builder().build().agentImage())
                .isEqualTo(images.getProperty("agent.image"));
    }

    @Test
    void everyValueReachesTheOperatorAndTheAgentPodsItBuilds() {
        RenderedChart chart =
                RenderedChart.render(
                        """
                images:
                  operator: {repository: registry.local/tj-operator, tag: "9.9"}
                  agent: {repository: registry.local/tj-agent, tag: "9.9"}
                  pullPolicy: Always
                  pullSecrets: [regcred]
                agentNamespace: {name: tracers, create: false}
                watchNamespaces: [shop, payments]
                allowedNamespaces: [shop]
                maxDuration: 10m
                allowedFamilies: [Uprobe, Usdt]
                agentsPerNode: 3
                maxPreTraceCandidates: 4
                agent:
                  capabilities: [BPF, PERFMON, SYS_PTRACE]
                  privileged: true
                  resources: {requests: {cpu: 50m, memory: 200Mi}, limits: {cpu: "1", memory: 400Mi}}
                  javaOptions: "-Xmx160m"
                  tolerations: [{key: dedicated, operator: Equal, value: db, effect: NoSchedule}]
                  keepPods: true
                operator:
                  replicas: 2
                  leaderElection: {enabled: true, leaseName: tj-lease}
                  logFormat: text
                  resources: {limits: {memory: 1Gi}}
                """);
        assertThat(chart.all(Namespace.class)).isEmpty();
        var deployment = chart.deployment();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec operatorPod = deployment.getSpec().getTemplate().getSpec();
        assertThat(operatorPod.getImagePullSecrets())
                .singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
        assertThat(operatorPod.getContainers().get(0).getImage())
                .isEqualTo("registry.local/tj-operator:9.9");
        assertThat(operatorPod.getContainers().get(0).getResources().getLimits())
                .containsEntry("memory", new Quantity("1Gi"));

        OperatorConfig config = ConfigLoader.load(chart.operatorEnv(), new String[0]);
        assertThat(config.agentNamespace()).isEqualTo("tracers");
        assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("shop", "payments");
        assertThat(config.allowedNamespaces()).containsExactly("shop");
        assertThat(config.maxDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.allowedFamilies())
                .isEqualTo(Set.of(ProbeFamily.Uprobe, ProbeFamily.Usdt));
        assertThat(config.maxAgentsPerNode()).isEqualTo(3);
        assertThat(config.maxPreTraceCandidates()).isEqualTo(4);
        assertThat(config.leaseName()).isEqualTo("tj-lease");
        assertThat(config.jsonLogs()).isFalse();
        assertThat(config.keepAgentPods()).isTrue();

        Pod agent =
                new AgentPodFactory(config)
                        .build(
                                job(),
                                AgentRole.TRACE,
                                new PodTarget(
                                        "shop-a",
                                        "shop",
                                        "node-1",
                                        "uid-a",
                                        "app",
                                        "containerd://abc"),
                                Duration.ofSeconds(10));
        Container c = agent.getSpec().getContainers().get(0);
        assertThat(agent.getMetadata().getNamespace()).isEqualTo("tracers");
        assertThat(c.getImage()).isEqualTo("registry.local/tj-agent:9.9");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(agent.getSpec().getImagePullSecrets())
                .singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
        assertThat(c.getSecurityContext().getCapabilities().getAdd())
                .containsExactly("BPF", "PERFMON", "SYS_PTRACE");
        assertThat(c.getSecurityContext().getPrivileged()).isTrue();
        assertThat(c.getResources().getRequests()).containsEntry("memory", new Quantity("200Mi"));
        assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("1"));
        assertThat(c.getEnv())
                .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("-Xmx160m"));
        assertThat(agent.getSpec().getTolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getValue()).isEqualTo("db"));
    }

    @Test
    void watchedNamespacesGetRoleBindingsInsteadOfAClusterRoleBinding() {
        RenderedChart chart = RenderedChart.render("watchNamespaces: [shop, payments]");
        assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
        String operatorRole = RenderedChart.RELEASE + "-tracejob-operator";
        assertThat(chart.all(ClusterRole.class))
                .anySatisfy(r -> assertThat(r.getMetadata().getName()).isEqualTo(operatorRole));
        assertThat(chart.all(RoleBinding.class))
                .filteredOn(b -> b.getRoleRef().getName().equals(operatorRole))
                .extracting(b -> b.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("shop", "payments");
    }

    @Test
    void serviceMonitorIsOptInAndScrapesTheMetricsPort() {
        assertThat(RenderedChart.render("").all(GenericKubernetesResource.class)).isEmpty();
        RenderedChart chart =
                RenderedChart.render(
                        "metrics: {serviceMonitor: {enabled: true, labels: {release: prom}}}");
        GenericKubernetesResource monitor = chart.one(GenericKubernetesResource.class);
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prom");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "port"))
                .isEqualTo(chart.one(Service.class).getSpec().getPorts().get(0).getName());
    }

    @Test
    void aggregatedRolesLetNamespaceEditorsCreateTraceJobsAndViewersReadThem() {
        List<ClusterRole> roles = RenderedChart.render("").all(ClusterRole.class);
        ClusterRole edit =
                roles.stream()
                        .filter(
                                r ->
                                        "true"
                                                .equals(
                                                        r.getMetadata()
                                                                .getLabels()
                                                                .get(
                                                                        "rbac.authorization.k8s.io/aggregate-to-edit")))
                        .findFirst()
                        .orElseThrow();
        assertThat(edit.getRules())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.getResources())
                                    .containsExactlyInAnyOrder("tracejobs", "traceschedules");
                            assertThat(r.getVerbs())
                                    .contains(
                                            "create", "delete", "get", "list", "watch", "update",
                                            "patch");
                        });
        ClusterRole view =
                roles.stream()
                        .filter(
                                r ->
                                        "true"
                                                .equals(
                                                        r.getMetadata()
                                                                .getLabels()
                                                                .get(
                                                                        "rbac.authorization.k8s.io/aggregate-to-view")))
                        .findFirst()
                        .orElseThrow();
        assertThat(view.getRules())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.getResources())
                                    .contains("tracejobs", "traceschedules", "tracejobs/status");
                            assertThat(r.getVerbs())
                                    .containsExactlyInAnyOrder("get", "list", "watch");
                        });
        assertThat(
                        RenderedChart.render("rbac: {aggregateToEditAndView: false}")
                                .all(ClusterRole.class))
                .hasSize(2); // the operator's and the on-call's kill switch
    }

    @Test
    void valuesThatCannotWorkAreRefusedWithTheirName() {
        assertThatThrownBy(
                        () ->
                                RenderedChart.render(
                                        "operator: {replicas: 2, leaderElection: {enabled: false}}"))
                .hasMessageContaining("operator.replicas");
        assertThatThrownBy(
                        () ->
                                RenderedChart.render(
                                        "agentNamespace: {name: " + RenderedChart.NAMESPACE + "}"))
                .hasMessageContaining("agentNamespace.name");
        assertThatThrownBy(() -> RenderedChart.render("operator: {logFormat: xml}"))
                .hasMessageContaining("operator.logFormat");
    }

    @Test
    void notesSayWhatToRunNext() {
        String notes = RenderedChart.installOutput("");
        assertThat(notes)
                .contains(
                        "kubectl -n "
                                + RenderedChart.NAMESPACE
                                + " rollout status deployment/"
                                + RenderedChart.RELEASE
                                + "-tracejob-operator");
        assertThat(notes).contains("kubectl get tj -n");
        assertThat(notes).doesNotContain("kubectl label namespace");
        assertThat(RenderedChart.installOutput("agentNamespace: {name: tracers, create: false}"))
                .contains(
                        "kubectl label namespace tracers pod-security.kubernetes.io/enforce=privileged");
    }

    private static TraceJob job() {
        TraceJob job = Workloads.job("shop", "chart", Pick.Any);
        job.getMetadata().setUid("uid-1");
        return job;
    }

    static Properties images() {
        Properties p = new Properties();
        try (Reader r =
                Files.newBufferedReader(
                        MockCluster.repoRoot()
                                .resolve(
                                        "operator/src/main/resources/tracejob-images.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new AssertionError("cannot read tracejob-images.properties", e);
        }
        return p;
    }
}

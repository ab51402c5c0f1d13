package io.tracejob.operator.plugin;

import static io.tracejob.operator.plugin.PluginRun.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.tracejob.api.v1alpha1.Manifests;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.operator.plugin.source.KubeconfigClients;
import io.tracejob.operator.testsupport.MockCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code show NAME} against the mock API server (the same text as {@code show -f} of the saved
 * object), {@code --context} and the context's namespace from a real kubeconfig, and the errors a
 * person can act on.
 */
class ShowFromClusterTest {
    private final MockCluster cluster = new MockCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    /** The saved job created in the cluster, status included (as the operator would write it). */
    private void install(String fixture, TraceJobStatus status) {
        TraceJob saved = Manifests.readTraceJob(PluginRun.read(fixture));
        TraceJob fresh = new TraceJob();
        fresh.getMetadata().setName(saved.getMetadata().getName());
        fresh.getMetadata().setNamespace(saved.getMetadata().getNamespace());
        fresh.setSpec(saved.getSpec());
        TraceJob created = cluster.client().resource(fresh).create();
        created.setStatus(status == null ? saved.getStatus() : status);
        cluster.client().resource(created).updateStatus();
    }

    private PluginRun run(String... args) {
        return PluginRun.with(cluster::client, args);
    }

    @Test
    void showNameReadsTheJobFromTheClusterLikeTheSavedFile() {
        install("match-order-slowest.yaml", null);
        String online = run("show", "match-order-slowest", "-n", "trading").succeeded().out();
        assertThat(online)
                .isEqualTo(
                        PluginRun.offline("show", "-f", fixture("match-order-slowest.yaml"))
                                .succeeded()
                                .out());
        assertThat(online).contains("match-engine-2  0.82");
    }

    @Test
    void trendNameReadsTheScheduleFromTheCluster() {
        TraceSchedule saved =
                Manifests.readTraceSchedule(PluginRun.read("match-order-hourly.yaml"));
        TraceSchedule fresh = new TraceSchedule();
        fresh.getMetadata().setName(saved.getMetadata().getName());
        fresh.getMetadata().setNamespace(saved.getMetadata().getNamespace());
        fresh.setSpec(saved.getSpec());
        TraceSchedule created = cluster.client().resource(fresh).create();
        created.setStatus(saved.getStatus());
        cluster.client().resource(created).updateStatus();
        assertThat(run("trend", "match-order-hourly", "-n", "trading").succeeded().out())
                .isEqualTo(
                        PluginRun.offline("trend", "-f", fixture("match-order-hourly.yaml"))
                                .succeeded()
                                .out());
    }

    @Test
    void contextAndItsNamespaceComeFromTheKubeconfig(@TempDir Path dir) throws Exception {
        install("match-order-before.yaml", null);
        Path kubeconfig = dir.resolve("config");
        String server = cluster.server().url("/").toString();
        Files.writeString(
                kubeconfig,
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Config",
                        "current-context: elsewhere",
                        "clusters:",
                        "- name: mock",
                        "  cluster: {server: '" + server + "'}",
                        "- name: nowhere",
                        "  cluster: {server: 'http://127.0.0.1:9'}",
                        "contexts:",
                        "- name: trading-desk",
                        "  context: {cluster: mock, user: me, namespace: trading}",
                        "- name: elsewhere",
                        "  context: {cluster: nowhere, user: me, namespace: default}",
                        "users:",
                        "- name: me",
                        "  user: {token: t}",
                        ""));
        String previous = System.setProperty("kubeconfig", kubeconfig.toString());
        try (KubeconfigClients clients = new KubeconfigClients(KubectlTracejob.FIELD_MANAGER)) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            CommandLine cl = KubectlTracejob.commandLine(clients);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute("show", "match-order-before", "--context", "trading-desk"))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString()).startsWith("TraceJob   trading/match-order-before");
            assertThat(KubeconfigClients.config(null, "x").getMasterUrl()).contains("127.0.0.1:9");
        } finally {
            if (previous == null) System.clearProperty("kubeconfig");
            else System.setProperty("kubeconfig", previous);
        }
    }

    @Test
    void noSuchJobAndNotFinishedYetSayWhatToDo() {
        PluginRun missing = run("show", "nosuch", "-n", "trading");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err())
                .isEqualTo(
                        "error: no TraceJob nosuch in namespace trading (kubectl get tracejobs -n"
                                + " trading lists them)\n");

        TraceJobStatus running = new TraceJobStatus();
        running.setPhase(Phase.Running);
        running.setMessage("tracing 1 pod");
        install("match-order-before.yaml", running);
        PluginRun early = run("show", "match-order-before", "-n", "trading");
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.err())
                .contains(
                        "TraceJob trading/match-order-before is not finished yet: phase Running"
                                + " (tracing 1 pod)")
                .contains("kubectl get tj match-order-before -w");
    }

    @Test
    void aFailedJobWithoutAResultGivesItsFailureReason() {
        TraceJobStatus failed = new TraceJobStatus();
        failed.setPhase(Phase.Failed);
        failed.setConditions(
                List.of(
                        new ConditionBuilder()
                                .withType("Failed")
                                .withStatus("True")
                                .withReason("SymbolNotFound")
                                .withMessage("no symbol match_order in /app/match-engine")
                                .build()));
        install("match-order-after.yaml", failed);
        PluginRun run = run("show", "match-order-after", "-n", "trading");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "TraceJob trading/match-order-after failed without a result:"
                                + " SymbolNotFound: no symbol match_order in /app/match-engine");
    }

    @Test
    void aFileThatIsNotATraceJobIsNamed() {
        PluginRun schedule = PluginRun.offline("show", "-f", fixture("match-order-hourly.yaml"));
        assertThat(schedule.code()).isEqualTo(1);
        assertThat(schedule.err())
                .contains(
                        "match-order-hourly.yaml: expected apiVersion tracing.tracejob.io/v1alpha1"
                                + " and kind TraceJob, got apiVersion 'tracing.tracejob.io/v1alpha1' and"
                                + " kind 'TraceSchedule'");
        PluginRun absent = PluginRun.offline("show", "-f", fixture("nothing-here.yaml"));
        assertThat(absent.err()).contains("nothing-here.yaml: no such file");
        PluginRun both = PluginRun.offline("show", "x", "-f", fixture("match-order-after.yaml"));
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("give a TraceJob NAME or -f FILE");
    }

    @Test
    void aClusterWithoutTheCrdIsToldApartFromAMissingJob() {
        try (MockCluster bare = MockCluster.withoutCrds()) {
            PluginRun run = PluginRun.with(bare::client, "show", "anything", "-n", "trading");
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err())
                    .contains("the cluster has no TraceJob CRD (tracejobs.tracing.tracejob.io");
            PluginRun trend = PluginRun.with(bare::client, "trend", "nightly", "-n", "trading");
            assertThat(trend.err())
                    .contains("the cluster has no TraceSchedule CRD (traceschedules.");
        }
    }
}

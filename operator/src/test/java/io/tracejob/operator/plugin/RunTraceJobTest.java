package io.tracejob.operator.plugin;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.MockCluster;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run -f FILE [--wait]} against the mock API server with the real operator and a fake
 * kubelet whose agents end with a prepared Result.
 */
class RunTraceJobTest {
    private static final Result RESULT =
            Results.of(Results.latencies(7, 5_000, 40_000), StopReason.Completed);

    private static Path manifest(Path dir, String name) throws Exception {
        TraceJob job = Workloads.job(null, name, Pick.Any);
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, Serialization.asYaml(job));
        return file;
    }

    @Test
    void runWaitFollowsThePhasesAndShowsTheResult(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(p -> Termination.exit(0, RESULT.toJson())).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            PluginRun run =
                    PluginRun.with(
                            () -> h.client,
                            "run",
                            "-f",
                            manifest(dir, "checkout").toString(),
                            "--wait",
                            "-n",
                            NS,
                            "--poll-millis",
                            "50");
            run.succeeded();
            assertThat(run.err())
                    .startsWith("tracejob shop/checkout created\n")
                    .contains("checkout: succeeded\n");
            assertThat(run.out())
                    .startsWith("TraceJob   shop/checkout  Succeeded")
                    .contains("target     pod shop-a on node-1")
                    .containsPattern(
                            "(?m)^p99\\s+\\S+\\s+" + RESULT.getPercentiles().getP99() + " ns$");
            assertThat(h.job("checkout").getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        }
    }

    @Test
    void runWithoutWaitSaysHowToFollowAndRefusesADuplicate(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(p -> Termination.neverStarts())) {
            Path file = manifest(dir, "later");
            String ns = h.client.getNamespace(); // the context's namespace: no -n, none in the file
            PluginRun first = PluginRun.with(() -> h.client, "run", "-f", file.toString());
            first.succeeded();
            assertThat(first.err())
                    .contains("tracejob " + ns + "/later created")
                    .contains("kubectl tracejob show later -n " + ns);
            assertThat(h.client.resources(TraceJob.class).inNamespace(ns).withName("later").get())
                    .isNotNull();
            PluginRun again = PluginRun.with(() -> h.client, "run", "-f", file.toString());
            assertThat(again.code()).isEqualTo(1);
            assertThat(again.err()).contains("TraceJob " + ns + "/later already exists");
        }
    }

    @Test
    void anInvalidManifestIsRefusedBeforeTheClusterIsAsked(@TempDir Path dir) throws Exception {
        TraceJob job = Workloads.job(null, "bad", Pick.Any);
        job.getSpec().getProbe().setFunction("match order; rm -rf /");
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Serialization.asYaml(job));
        PluginRun run = PluginRun.offline("run", "-f", file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains("bad.yaml: invalid TraceJob:")
                .contains("spec.probe.function");
    }

    @Test
    void ctrlCLeavesTheJobRunningAndSaysHowToFollowIt(@TempDir Path dir) throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            Path kubeconfig = dir.resolve("config");
            Files.writeString(
                    kubeconfig,
                    String.join(
                            "\n",
                            "apiVersion: v1",
                            "kind: Config",
                            "current-context: mock",
                            "clusters:",
                            "- name: mock",
                            "  cluster: {server: '" + cluster.server().url("/") + "'}",
                            "contexts:",
                            "- name: mock",
                            "  context: {cluster: mock, user: me, namespace: shop}",
                            "users:",
                            "- name: me",
                            "  user: {token: t}",
                            ""));
            // the plugin as a process of its own (no operator: the job stays waiting), then SIGINT
            ProcessBuilder pb =
                    new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            KubectlTracejob.class.getName(),
                            "run",
                            "-f",
                            manifest(dir, "held").toString(),
                            "--wait");
            pb.environment().put("KUBECONFIG", kubeconfig.toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            var lines =
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                    p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String l; (l = lines.readLine()) != null; ) {
                seen.append(l).append('\n');
                if (l.contains("created, waiting for the operator")) break;
            }
            assertThat(seen.toString()).contains("tracejob shop/held created");
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor())
                    .isZero();
            for (String l; (l = lines.readLine()) != null; ) seen.append(l).append('\n');
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(seen.toString()).isEqualTo(130);
            assertThat(seen.toString())
                    .contains("stopped waiting; TraceJob shop/held keeps running")
                    .contains("kubectl tracejob show held -n shop");
            assertThat(
                            cluster.client()
                                    .resources(TraceJob.class)
                                    .inNamespace("shop")
                                    .withName("held")
                                    .get())
                    .isNotNull();
        }
    }
}

package io.tracejob.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.killswitch.TracingPause;
import io.tracejob.operator.testsupport.KillSwitchConfigMap;
import io.tracejob.operator.testsupport.MockCluster;
import io.tracejob.operator.testsupport.Workloads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** kubectl tracejob stop / resume against the mock API server, and their refusals. */
class KubectlTracejobTest {
    private final MockCluster cluster = new MockCluster();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void close() {
        cluster.close();
    }

    private int run(String... args) {
        CommandLine cl = KubectlTracejob.commandLine(cluster::client);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Map<String, String> killSwitch() {
        return cluster.client()
                .configMaps()
                .inNamespace("tracejob-system")
                .withName(TracingPause.CONFIG_MAP)
                .get()
                .getData();
    }

    @Test
    void stopNameSetsSpecStopOfThatJobOnly() {
        cluster.client()
                .namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName("shop")
                                .endMetadata()
                                .build())
                .create();
        new Workloads(cluster.client()).create(Workloads.job("shop", "slow", Pick.Any));
        new Workloads(cluster.client()).create(Workloads.job("shop", "other", Pick.Any));

        assertThat(run("stop", "slow", "-n", "shop")).isZero();

        var jobs = cluster.client().resources(TraceJob.class).inNamespace("shop");
        assertThat(jobs.withName("slow").get().getSpec().stopRequested()).isTrue();
        assertThat(jobs.withName("other").get().getSpec().getStop()).isNull();
        assertThat(out.toString()).contains("shop/slow stopping");
    }

    @Test
    void stopAllPausesWithTheReasonAndResumeAllReleases() {
        KillSwitchConfigMap.install(cluster.client());
        assertThat(run("stop", "--all", "--reason", "INC-7: checkout latency")).isZero();
        assertThat(killSwitch())
                .containsEntry("paused", "true")
                .containsEntry("reason", "INC-7: checkout latency");

        assertThat(run("resume", "--all")).isZero();
        assertThat(killSwitch()).containsEntry("paused", "false").containsEntry("reason", "");
    }

    @Test
    void refusesAmbiguousOrIncompleteRequestsAndAMissingSwitch() {
        assertThat(run("stop")).isEqualTo(2);
        assertThat(err.toString()).contains("either a TraceJob NAME or --all");
        assertThat(run("stop", "--all")).isEqualTo(2);
        assertThat(err.toString()).contains("--reason is required with --all");
        assertThat(run("stop", "x", "--all", "--reason", "r")).isEqualTo(2);
        assertThat(run("resume")).isEqualTo(2);

        assertThat(run("stop", "--all", "--reason", "r")).isEqualTo(1);
        assertThat(err.toString())
                .contains("no ConfigMap tracejob-kill-switch in namespace tracejob-system");
        assertThat(run("stop", "nosuchjob", "-n", "shop")).isEqualTo(1);
        assertThat(err.toString()).contains("no TraceJob nosuchjob in namespace shop");
    }
}

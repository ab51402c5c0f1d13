package io.tracejob.operator.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.operator.plugin.render.TrendReport;
import io.tracejob.operator.plugin.source.ClusterResources;
import io.tracejob.operator.plugin.source.SavedManifests;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trend SCHEDULE | trend -f saved.yaml}: how a TraceSchedule's p99 moved run by run. */
@Command(
        name = "trend",
        mixinStandardHelpOptions = true,
        description =
                "A TraceSchedule's recent runs: a table, a sparkline of p99 per run and the change"
                        + " against the median.")
final class ScheduleTrend implements Callable<Integer> {
    private final KubectlTracejob root;

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SCHEDULE", description = "the TraceSchedule")
    String name;

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "FILE",
            description = "a TraceSchedule saved with kubectl get -o yaml")
    Path file;

    @Mixin ClusterOptions cluster;

    ScheduleTrend(KubectlTracejob root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if ((name == null) == (file == null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give a TraceSchedule NAME or -f FILE, not both");
        }
        TraceSchedule schedule;
        if (file != null) schedule = SavedManifests.traceSchedule(file);
        else {
            KubernetesClient client = cluster.client(root);
            schedule = ClusterResources.traceSchedule(client, cluster.namespaceOf(client), name);
        }
        spec.commandLine().getOut().print(TrendReport.render(schedule));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

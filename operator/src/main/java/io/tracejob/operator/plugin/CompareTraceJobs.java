package io.tracejob.operator.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.plugin.render.Comparison;
import io.tracejob.operator.plugin.source.ClusterResources;
import io.tracejob.operator.plugin.source.FinishedResults;
import io.tracejob.operator.plugin.source.SavedManifests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code compare A B | compare -f a.yaml -f b.yaml}: before and after, or two pods. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Compare two finished TraceJobs (A before, B after): each percentile, the absolute and"
                    + " relative change, and whether it is larger than the histograms' precision."
        })
final class CompareTraceJobs implements Callable<Integer> {
    private final KubectlTracejob root;

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..2", paramLabel = "NAME", description = "TraceJobs A and B")
    List<String> names = new ArrayList<>();

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "FILE",
            description = "saved TraceJobs A and B (give -f twice)")
    List<Path> files = new ArrayList<>();

    @Mixin ClusterOptions cluster;

    CompareTraceJobs(KubectlTracejob root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        List<TraceJob> jobs = new ArrayList<>();
        if (!names.isEmpty() && !files.isEmpty() || names.size() + files.size() != 2) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "give two TraceJob NAMEs, or -f A.yaml -f B.yaml (saved TraceJobs)");
        }
        for (Path f : files) jobs.add(SavedManifests.traceJob(f));
        if (!names.isEmpty()) {
            KubernetesClient client = cluster.client(root);
            String ns = cluster.namespaceOf(client);
            for (String n : names) jobs.add(ClusterResources.traceJob(client, ns, n));
        }
        TraceJob a = jobs.get(0), b = jobs.get(1);
        spec.commandLine()
                .getOut()
                .print(Comparison.render(a, FinishedResults.of(a), b, FinishedResults.of(b)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

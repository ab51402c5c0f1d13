package io.tracejob.operator.plugin;

import io.tracejob.api.v1alpha1.TraceJob;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stop NAME} sets the TraceJob's spec.stop; {@code stop --all --reason R} pauses all. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = {
            "stop NAME: stop one TraceJob, keeping what its agents measured (spec.stop: true).",
            "stop --all --reason TEXT: stop every trace in the cluster and hold new TraceJobs"
                    + " (the kill switch) until resume --all."
        })
final class StopTracing implements Callable<Integer> {
    private final KubectlTracejob root;

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "the TraceJob to stop")
    String name;

    @Option(names = "--all", description = "every trace in the cluster (the kill switch)")
    boolean all;

    @Option(names = "--reason", description = "why, shown on every paused TraceJob (with --all)")
    String reason;

    @Mixin ClusterOptions cluster;

    @Mixin OperatorNamespaceOption where;

    StopTracing(KubectlTracejob root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if (all == (name != null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give either a TraceJob NAME or --all, not both");
        }
        if (all) {
            if (reason == null || reason.isBlank()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--reason is required with --all: it is shown on every paused TraceJob");
            }
            KillSwitchWriter.set(
                    cluster.client(root), where.operatorNamespace, true, reason.strip());
            spec.commandLine().getOut().println("tracing paused cluster-wide: " + reason.strip());
            return 0;
        }
        if (reason != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--reason goes with --all only");
        }
        var client = cluster.client(root);
        String ns = cluster.namespaceOf(client);
        var job = client.resources(TraceJob.class).inNamespace(ns).withName(name);
        if (job.get() == null) {
            throw new IllegalStateException("no TraceJob " + name + " in namespace " + ns);
        }
        job.edit(
                j -> {
                    j.getSpec().setStop(true);
                    return j;
                });
        spec.commandLine().getOut().println("tracejob " + ns + "/" + name + " stopping");
        return 0;
    }
}

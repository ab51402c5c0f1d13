package io.tracejob.operator.plugin;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code resume --all}: releases the kill switch. A single stopped TraceJob stays stopped
 * (spec.stop cannot be undone): create it again.
 */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "resume --all: release the kill switch; held TraceJobs start.")
final class ResumeTracing implements Callable<Integer> {
    private final KubectlTracejob root;

    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--all", required = true, description = "release the cluster-wide switch")
    boolean all;

    @Mixin OperatorNamespaceOption where;

    @Option(
            names = "--context",
            description = "the kubeconfig context to use (default: the current one)")
    String context;

    ResumeTracing(KubectlTracejob root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        KillSwitchWriter.set(root.client(context), where.operatorNamespace, false, "");
        spec.commandLine().getOut().println("tracing resumed");
        return 0;
    }
}

package io.tracejob.operator.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.plugin.source.ClusterResources;
import io.tracejob.operator.plugin.source.SavedManifests;
import java.nio.file.Path;
import picocli.CommandLine;

/** A TraceJob named on the command line: NAME in the cluster, or {@code -f saved.yaml}. */
final class JobArguments {
    private JobArguments() {}

    static TraceJob read(
            CommandLine line,
            KubectlTracejob root,
            ClusterOptions cluster,
            String name,
            Path file) {
        if ((name == null) == (file == null)) {
            throw new CommandLine.ParameterException(
                    line, "give a TraceJob NAME or -f FILE (a saved TraceJob), not both");
        }
        if (file != null) return SavedManifests.traceJob(file);
        KubernetesClient client = cluster.client(root);
        return ClusterResources.traceJob(client, cluster.namespaceOf(client), name);
    }
}

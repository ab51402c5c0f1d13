package io.tracejob.operator.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Option;

/** {@code -n} and {@code --context} as kubectl has them: a mixin of every cluster command. */
final class ClusterOptions {
    @Option(
            names = {"-n", "--namespace"},
            description = "the namespace (default: the kubeconfig context's)")
    String namespace;

    @Option(
            names = "--context",
            description = "the kubeconfig context to use (default: the current one)")
    String context;

    KubernetesClient client(KubectlTracejob root) {
        return root.client(context);
    }

    String namespaceOf(KubernetesClient client) {
        if (namespace != null) return namespace;
        String ns = client.getNamespace();
        return ns == null ? "default" : ns;
    }
}

package io.tracejob.operator.plugin.source;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Clients as kubectl makes them: the user's kubeconfig ($KUBECONFIG or ~/.kube/config), its current
 * context or the one named by {@code --context}, that context's namespace; one client per context,
 * built when first asked for (so {@code show -f} never reads a kubeconfig).
 */
public final class KubeconfigClients implements Function<String, KubernetesClient>, AutoCloseable {
    private final String userAgent;
    private final Map<String, KubernetesClient> byContext = new HashMap<>();

    public KubeconfigClients(String userAgent) {
        this.userAgent = userAgent;
    }

    /** The configuration of {@code context} (null: the current one) with our user agent. */
    public static Config config(String context, String userAgent) {
        return new ConfigBuilder(Config.autoConfigure(context)).withUserAgent(userAgent).build();
    }

    @Override
    public synchronized KubernetesClient apply(String context) {
        return byContext.computeIfAbsent(
                String.valueOf(context),
                k -> new KubernetesClientBuilder().withConfig(config(context, userAgent)).build());
    }

    @Override
    public synchronized void close() {
        byContext.values().forEach(KubernetesClient::close);
        byContext.clear();
    }
}

package io.tracejob.operator.plugin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl tracejob}: the start of the kubectl plugin, with the kill switch's commands. Talks
 * to the cluster of the current kubeconfig context as its user, with the user agent (and so the
 * field manager the operator names in condition {@code Stopped}) {@value #FIELD_MANAGER}.
 */
@Command(
        name = "kubectl-tracejob",
        mixinStandardHelpOptions = true,
        description = "Stop or resume TraceJob tracing.",
        subcommands = {StopTracing.class, ResumeTracing.class})
public final class KubectlTracejob implements Runnable {
    public static final String FIELD_MANAGER = "kubectl-tracejob";

    private final Supplier<KubernetesClient> clients;

    KubectlTracejob(Supplier<KubernetesClient> clients) {
        this.clients = clients;
    }

    KubernetesClient client() {
        return clients.get();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this), "name a command: stop or resume");
    }

    /**
     * The command line wired to {@code clients}; API errors end with exit code 1 and their text.
     */
    public static CommandLine commandLine(Supplier<KubernetesClient> clients) {
        KubectlTracejob root = new KubectlTracejob(clients);
        CommandLine cl = new CommandLine(root, new PluginFactory(root));
        cl.setExecutionExceptionHandler(
                (e, line, parsed) -> {
                    if (!(e instanceof KubernetesClientException
                            || e instanceof IllegalStateException)) throw e;
                    Throwable cause = e;
                    while (cause.getCause() != null && cause.getCause() != cause)
                        cause = cause.getCause();
                    line.getErr()
                            .println(
                                    "error: "
                                            + e.getMessage()
                                            + (cause == e ? "" : " (" + cause + ")"));
                    return 1;
                });
        return cl;
    }

    public static void main(String[] args) {
        Config config =
                new ConfigBuilder(Config.autoConfigure(null)).withUserAgent(FIELD_MANAGER).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            int code = commandLine(() -> client).execute(args);
            System.exit(code);
        }
    }

    /** Gives the subcommands their parent, for the client. */
    private record PluginFactory(KubectlTracejob root) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == StopTracing.class) return cls.cast(new StopTracing(root));
            if (cls == ResumeTracing.class) return cls.cast(new ResumeTracing(root));
            return CommandLine.defaultFactory().create(cls);
        }
    }
}

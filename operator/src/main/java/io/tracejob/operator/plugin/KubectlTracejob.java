package io.tracejob.operator.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tracejob.operator.plugin.source.KubeconfigClients;
import io.tracejob.operator.plugin.source.PluginError;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl tracejob}: read, compare and run traces from the terminal, and the kill switch.
 * Talks to the cluster of the current kubeconfig context (or {@code --context}) as its user, with
 * the user agent (and so the field manager the operator names in condition {@code Stopped}) {@value
 * #FIELD_MANAGER}. Every reading command also takes {@code -f saved.yaml} and then needs no
 * cluster.
 */
@Command(
        name = "kubectl tracejob",
        mixinStandardHelpOptions = true,
        description = "Read, compare and run TraceJobs; stop or resume tracing.",
        subcommands = {
            ShowTraceJob.class,
            CompareTraceJobs.class,
            ScheduleTrend.class,
            RunTraceJob.class,
            StopTracing.class,
            ResumeTracing.class
        })
public final class KubectlTracejob implements Runnable {
    public static final String FIELD_MANAGER = "kubectl-tracejob";

    /** A client for a kubeconfig context (null: the current one). */
    private final Function<String, KubernetesClient> clients;

    KubectlTracejob(Function<String, KubernetesClient> clients) {
        this.clients = clients;
    }

    KubernetesClient client(String context) {
        return clients.apply(context);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this), "name a command: show, compare, trend, run, stop or resume");
    }

    /** The command line wired to one client, whatever the context (tests: the mock server). */
    public static CommandLine commandLine(Supplier<KubernetesClient> client) {
        return commandLine(context -> client.get());
    }

    /**
     * The command line wired to {@code clients}; API errors and {@link PluginError}s end with exit
     * code 1 and their text.
     */
    public static CommandLine commandLine(Function<String, KubernetesClient> clients) {
        KubectlTracejob root = new KubectlTracejob(clients);
        CommandLine cl = new CommandLine(root, new PluginFactory(root));
        cl.setExecutionExceptionHandler(
                (e, line, parsed) -> {
                    if (!(e instanceof KubernetesClientException
                            || e instanceof IllegalStateException
                            || e instanceof IllegalArgumentException
                            || e instanceof UncheckedIOException
                            || e instanceof IOException
                            || e instanceof PluginError)) throw e;
                    Throwable cause = e;
                    while (cause.getCause() != null && cause.getCause() != cause)
                        cause = cause.getCause();
                    boolean own = e instanceof PluginError || cause == e;
                    line.getErr()
                            .println("error: " + e.getMessage() + (own ? "" : " (" + cause + ")"));
                    return 1;
                });
        return cl;
    }

    public static void main(String[] args) {
        try (KubeconfigClients clients = new KubeconfigClients(FIELD_MANAGER)) {
            CommandLine cl = commandLine(clients);
            // UTF-8 whatever the locale, as kubectl writes: "µs" and the sparkline stay readable
            cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true));
            cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true));
            int code = cl.execute(args);
            System.exit(code);
        }
    }

    /** Gives the subcommands their parent, for the client. */
    private record PluginFactory(KubectlTracejob root) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                var withRoot = cls.getDeclaredConstructor(KubectlTracejob.class);
                return withRoot.newInstance(root);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}

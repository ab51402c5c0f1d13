package io.tracejob.operator.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.api.v1alpha1.validation.Violation;
import io.tracejob.operator.plugin.render.JobReport;
import io.tracejob.operator.plugin.render.ProgressLine;
import io.tracejob.operator.plugin.source.ClusterResources;
import io.tracejob.operator.plugin.source.FinishedResults;
import io.tracejob.operator.plugin.source.PluginError;
import io.tracejob.operator.plugin.source.SavedManifests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run -f FILE [--wait]}: creates the TraceJob and, with {@code --wait}, follows its phases
 * on one progress line per change (stderr) and then prints {@code show} (stdout). Ctrl-C stops the
 * waiting only: the job keeps running and the plugin says how to follow it.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Create a TraceJob from a manifest; --wait follows it and shows the result.")
final class RunTraceJob implements Callable<Integer> {
    private final KubectlTracejob root;

    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE",
            description = "the TraceJob manifest")
    Path file;

    @Option(names = "--wait", description = "follow it until it finishes, then show it")
    boolean waitForIt;

    @Option(
            names = "--buckets",
            paramLabel = "N",
            description = "histogram rows per doubling in the final show")
    Integer buckets;

    @Option(
            names = "--poll-millis",
            hidden = true,
            defaultValue = "1000",
            description = "how often --wait reads the job")
    long pollMillis;

    @Mixin ClusterOptions cluster;

    RunTraceJob(KubectlTracejob root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        TraceJob job = fresh(SavedManifests.traceJob(file));
        if (job.getSpec() == null) throw new PluginError(file + ": the TraceJob has no spec");
        List<Violation> violations = SpecValidator.validate(job.getSpec());
        if (!violations.isEmpty()) {
            throw new PluginError(
                    file
                            + ": invalid TraceJob:\n  "
                            + violations.stream()
                                    .map(Violation::toString)
                                    .collect(Collectors.joining("\n  ")));
        }
        KubernetesClient client = cluster.client(root);
        String ns = namespace(job, client);
        String name = job.getMetadata().getName();
        job.getMetadata().setNamespace(ns);
        create(client, job, ns, name);
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        err.println("tracejob " + ns + "/" + name + " created");
        if (!waitForIt) {
            err.println("see it when it is done: kubectl tracejob show " + name + " -n " + ns);
            return 0;
        }
        Thread onCtrlC = new Thread(() -> err.println(leftRunning(ns, name)));
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            TraceJob finished = follow(client, ns, name, err);
            out.print(
                    JobReport.render(
                            finished, FinishedResults.of(finished), buckets == null ? 0 : buckets));
            out.flush();
            return finished.getStatus().getPhase() == Phase.Succeeded ? 0 : 1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(onCtrlC);
        }
    }

    /**
     * A saved TraceJob runs again as a new object: its name, namespace, labels and annotations and
     * its spec; not its old identity (uid, resourceVersion) nor its status.
     */
    private static TraceJob fresh(TraceJob saved) {
        TraceJob job = new TraceJob();
        job.getMetadata().setName(saved.getMetadata().getName());
        job.getMetadata().setNamespace(saved.getMetadata().getNamespace());
        job.getMetadata().setLabels(saved.getMetadata().getLabels());
        job.getMetadata().setAnnotations(saved.getMetadata().getAnnotations());
        job.setSpec(saved.getSpec());
        return job;
    }

    /** What Ctrl-C prints: the job is not deleted, and how to get back to it. */
    static String leftRunning(String ns, String name) {
        return "\nstopped waiting; TraceJob "
                + ns
                + "/"
                + name
                + " keeps running. Follow it with kubectl get tj "
                + name
                + " -n "
                + ns
                + " -w, then kubectl tracejob show "
                + name
                + " -n "
                + ns;
    }

    private TraceJob follow(KubernetesClient client, String ns, String name, PrintWriter err)
            throws InterruptedException {
        String shown = null;
        while (true) {
            TraceJob job = ClusterResources.traceJob(client, ns, name);
            String line = ProgressLine.of(job, Instant.now());
            if (!line.equals(shown)) {
                err.println(name + ": " + line);
                shown = line;
            }
            Phase phase = job.getStatus() == null ? null : job.getStatus().getPhase();
            if (phase == Phase.Succeeded || phase == Phase.Failed) return job;
            Thread.sleep(pollMillis);
        }
    }

    private String namespace(TraceJob job, KubernetesClient client) {
        String own = job.getMetadata() == null ? null : job.getMetadata().getNamespace();
        if (job.getMetadata() == null || job.getMetadata().getName() == null)
            throw new PluginError(file + ": metadata.name is required");
        if (cluster.namespace != null && own != null && !own.equals(cluster.namespace)) {
            throw new PluginError(
                    file
                            + ": metadata.namespace is "
                            + own
                            + " but -n says "
                            + cluster.namespace
                            + ": drop one of them");
        }
        return own != null ? own : cluster.namespaceOf(client);
    }

    private static void create(KubernetesClient client, TraceJob job, String ns, String name) {
        try {
            client.resources(TraceJob.class).inNamespace(ns).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new PluginError(
                        "TraceJob "
                                + ns
                                + "/"
                                + name
                                + " already exists: kubectl tracejob show "
                                + name
                                + " -n "
                                + ns
                                + ", or delete it first",
                        e);
            }
            if (e.getCode() == 404 && !ClusterResources.served(client, "tracejobs")) {
                // the same words as a read of a cluster without the CRD
                ClusterResources.traceJob(client, ns, name);
            }
            throw e;
        }
    }
}

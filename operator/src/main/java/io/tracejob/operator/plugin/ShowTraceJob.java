package io.tracejob.operator.plugin;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.report.HgrmWriter;
import io.tracejob.operator.plugin.render.JobReport;
import io.tracejob.operator.plugin.render.NinesPlot;
import io.tracejob.operator.plugin.source.FinishedResults;
import io.tracejob.operator.plugin.source.PluginError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code show NAME | show -f saved.yaml}: one finished TraceJob, whole. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Show a finished TraceJob: phase, conditions, target and why it was chosen, percentiles,"
                    + " histogram, cost and what was not observed.",
            "-o json|yaml prints its Result, -o hgrm HdrHistogram's percentile distribution."
        })
final class ShowTraceJob implements Callable<Integer> {
    enum Output {
        text,
        json,
        yaml,
        hgrm
    }

    private final KubectlTracejob root;

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "the TraceJob")
    String name;

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "FILE",
            description = "a TraceJob saved with kubectl get -o yaml (no cluster needed)")
    Path file;

    @Mixin ClusterOptions cluster;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "text",
            description = "text (default), json, yaml (the Result) or hgrm")
    Output output;

    @Option(
            names = "--buckets",
            paramLabel = "N",
            description =
                    "histogram rows per doubling: 1 as bpftrace's hist(), up to the histogram's"
                            + " precision (default: the finest that fits in "
                            + JobReport.READABLE_ROWS
                            + " rows)")
    Integer buckets;

    @Option(
            names = "--svg",
            paramLabel = "FILE",
            description = "also write the percentile distribution plot (log nines axis) here")
    Path svg;

    ShowTraceJob(KubectlTracejob root) {
        this.root = root;
    }

    @Override
    public Integer call() throws IOException {
        if (buckets != null && buckets < 1)
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--buckets: must be 1 or more, got " + buckets);
        TraceJob job = JobArguments.read(spec.commandLine(), root, cluster, name, file);
        Result result = FinishedResults.of(job);
        var out = spec.commandLine().getOut();
        switch (output) {
            case text -> out.print(JobReport.render(job, result, buckets == null ? 0 : buckets));
            case json ->
                    out.println(
                            Serialization.jsonMapper()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(result));
            case yaml -> out.print(Serialization.asYaml(result));
            case hgrm -> out.print(hgrm(result));
        }
        out.flush();
        if (svg != null) {
            Files.writeString(svg, NinesPlot.svg(job, result), StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("percentile plot written to " + svg);
        }
        return 0;
    }

    private static String hgrm(Result result) {
        if (result.getHistogram() == null)
            throw new PluginError("the Result holds no histogram (nothing was measured)");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            HgrmWriter.print(result.decodeHistogram(), ps);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

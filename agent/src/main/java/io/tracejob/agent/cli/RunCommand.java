package io.tracejob.agent.cli;

import io.tracejob.agent.cost.CostCache;
import io.tracejob.agent.trace.Following;
import io.tracejob.api.v1alpha1.read.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tracejob-agent run}: trace a local process (or a command it starts) as a TraceJob manifest
 * says.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Trace a local process and its descendants with the probe of a TraceJob manifest.",
            "Uses spec.probe, duration, interval, overheadBudget and histogram; target selection is ignored."
        })
final class RunCommand implements Callable<Integer> {

    @Option(
            names = "--pid",
            description =
                    "process to trace (its children, also those forked later, are traced too)")
    Integer pid;

    @Option(
            names = {"-f", "--file"},
            required = true,
            description = "TraceJob manifest (YAML or JSON)")
    Path file;

    @Option(names = "--duration", description = "overrides spec.duration (e.g. 30s, 1m)")
    String duration;

    @Option(names = "--interval", description = "overrides spec.interval (e.g. 5s)")
    String interval;

    @Option(names = "--json", description = "write the Result JSON here")
    Path json;

    @Option(names = "--hgrm", description = "write the HdrHistogram percentile distribution here")
    Path hgrm;

    @Parameters(
            paramLabel = "COMMAND",
            description = "after --: start this command and trace it from its first instruction")
    List<String> command = new ArrayList<>();

    @Option(
            names = "--calibration",
            description =
                    "costs per firing measured by 'calibrate' (default: this node's, cached or measured at start)")
    Path calibration;

    @Option(
            names = "--cost-cache",
            description =
                    "directory where this node's measured cost per firing is cached for later agents (default: $"
                            + CostCache.ENV
                            + ", else /tmp)")
    Path costCache;

    @Option(
            names = "--following",
            description = {
                "how uprobes reach the target's processes: BINARY_WIDE (every new process from its first call;",
                "other processes mapping the binary trap too, reported) or PER_PROCESS (others untouched; a child is probed once attached to).",
                "Default: BINARY_WIDE unless another process maps the binary when the trace starts"
            })
    Following following;

    @Override
    public Integer call() throws Exception {
        Warmup.startEngine();
        if ((pid == null) == command.isEmpty()) {
            throw new BadInputException(
                    "give exactly one target: --pid PID, or -- COMMAND ARGS...");
        }
        if (pid != null && pid <= 0)
            throw new BadInputException("--pid: must be a positive process id, got " + pid);
        TraceOptions opts =
                TraceOptions.from(
                                SpecReader.readManifest(file),
                                duration,
                                interval,
                                json,
                                hgrm,
                                calibration,
                                costCache)
                        .withFollowing(following);
        return pid != null
                ? TraceRunner.tracePid(opts, pid)
                : TraceRunner.traceCommand(opts, command);
    }
}

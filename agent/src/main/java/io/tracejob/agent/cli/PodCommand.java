package io.tracejob.agent.cli;

import io.tracejob.agent.container.ContainerMatch;
import io.tracejob.agent.container.ContainerProcesses;
import io.tracejob.agent.cost.CostCache;
import io.tracejob.agent.engine.Engine;
import io.tracejob.agent.engine.Engines;
import io.tracejob.agent.engine.TraceTargets;
import io.tracejob.agent.termination.Fitted;
import io.tracejob.agent.termination.TerminationMessage;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.contract.AgentPodArguments;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import io.tracejob.api.v1alpha1.read.SpecReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tracejob-agent pod}: the operator's contract. Traces every process of one container on
 * this node and writes the Result JSON, fitted to the kubelet's 4096 bytes, as the termination
 * message. The spec comes only from the arguments and is validated again here — the agent trusts no
 * caller.
 */
@Command(
        name = AgentPodArguments.SUBCOMMAND,
        mixinStandardHelpOptions = true,
        description =
                "Trace the processes of one container on this node (run by the operator in an agent pod).")
final class PodCommand implements Callable<Integer> {
    @Option(
            names = AgentPodArguments.SPEC_JSON,
            required = true,
            description = "the TraceJob's spec as JSON")
    String specJson;

    /** the spec's probe family, once the spec is read: said with a failure */
    private ProbeFamily family;

    @Option(
            names = AgentPodArguments.CONTAINER_ID,
            required = true,
            description = "RUNTIME://ID, as in the pod's containerStatuses")
    String containerId;

    @Option(
            names = AgentPodArguments.POD_UID,
            required = true,
            description = "the target pod's UID")
    String podUid;

    @Option(
            names = AgentPodArguments.RESULT_FILE,
            defaultValue = TerminationMessageFormat.PATH,
            description = "where the Result JSON goes (default ${DEFAULT-VALUE})")
    Path resultFile;

    @Option(
            names = AgentPodArguments.CALIBRATION,
            description =
                    "costs per firing measured by 'calibrate' (default: this node's, cached or measured at start)")
    Path calibration;

    @Option(
            names = AgentPodArguments.COST_CACHE,
            description =
                    "directory where this node's measured cost per firing is cached for later agents (default: $"
                            + CostCache.ENV
                            + ", else /tmp)")
    Path costCache;

    @Override
    public Integer call() throws Exception {
        Warmup.startEngine();
        StopSignal stop =
                new StopSignal()
                        .installHandlers(); // before anything slow: a deletion still gets a Result
        try {
            if (specJson.length() > AgentPodArguments.SPEC_JSON_MAX_CHARS) {
                throw new BadInputException(
                        AgentPodArguments.SPEC_JSON
                                + ": "
                                + specJson.length()
                                + " characters; a TraceJobSpec is at most "
                                + AgentPodArguments.SPEC_JSON_MAX_CHARS);
            }
            TraceJobSpec spec = SpecReader.readSpecJson(specJson, AgentPodArguments.SPEC_JSON);
            if (spec.getProbe() != null) family = spec.getProbe().getFamily();
            TraceOptions opts =
                    TraceOptions.from(spec, null, null, null, null, calibration, costCache);
            ContainerMatch match = ContainerProcesses.find(containerId, podUid);
            int first = match.pids().get(0);
            Engine.PreparedTrace trace =
                    Engines.forFamily(spec.getProbe().getFamily())
                            .prepare(
                                    opts.settings(),
                                    binary ->
                                            ContainerProcesses.binaryInContainer(first, binary)
                                                    .path());
            List<ProcessId> roots = new ArrayList<>();
            for (int pid : match.pids()) {
                ProcessId id = ProcessId.current(pid);
                if (id != null) roots.add(id);
            }
            if (roots.isEmpty())
                throw new BadInputException(
                        AgentPodArguments.CONTAINER_ID
                                + ": every process of the container exited before tracing began");
            System.out.printf(
                    "Container %s: %d processes (cgroup v%d %s)%n",
                    containerId, roots.size(), match.cgroupVersion(), match.cgroupPathMatched());
            return finish(trace.run(new TraceTargets(roots, null, () -> rescan(), stop)));
        } catch (Exception e) {
            writeError(e);
            throw e;
        }
    }

    private int finish(Result r) throws IOException {
        System.out.println();
        System.out.print(SummaryTable.render(r));
        Fitted f = TerminationMessage.write(r, resultFile);
        if (!f.degradations().isEmpty())
            System.out.println(
                    "termination message trimmed to fit "
                            + TerminationMessageFormat.MAX_BYTES
                            + " bytes: "
                            + String.join("; ", f.degradations()));
        return ExitCodes.OK;
    }

    private List<Integer> rescan() {
        try {
            return ContainerProcesses.find(containerId, podUid).pids();
        } catch (IOException | RuntimeException e) {
            // the container may be gone; its exit ends the trace through the traced processes
            return List.of();
        }
    }

    /**
     * The operator reads the termination message for the reason, so a failure goes there too, as
     * one line.
     */
    /** The failure for the operator: its reason, and what it holds for (the contract's scope). */
    private void writeError(Exception e) {
        try {
            Files.writeString(
                    resultFile,
                    Failures.describe(e, family).toTerminationMessage(),
                    StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // the exit code and stderr still carry it
        }
    }
}

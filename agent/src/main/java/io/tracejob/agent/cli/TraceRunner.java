package io.tracejob.agent.cli;

import io.tracejob.agent.engine.Engine;
import io.tracejob.agent.engine.Engines;
import io.tracejob.agent.engine.TraceTargets;
import io.tracejob.agent.launch.HeldCommand;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.report.HgrmWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shared by {@code run} and {@code demo}: hand the trace to its family's engine, then report. */
final class TraceRunner {
    private TraceRunner() {}

    static int tracePid(TraceOptions opts, int pid) throws Exception {
        ProcessId id = ProcessId.current(pid);
        if (id == null) throw new BadInputException("--pid: no such process: " + pid);
        Engine.PreparedTrace trace = prepare(opts, Path.of("/proc", Integer.toString(pid), "root"));
        return report(
                opts,
                trace.run(
                        new TraceTargets(
                                List.of(id), null, null, new StopSignal().installHandlers())));
    }

    static int traceCommand(TraceOptions opts, List<String> command) throws Exception {
        // Resolve before starting anything, so bad input never leaves a held process behind.
        Engine.PreparedTrace trace = prepare(opts, Path.of("/"));
        HeldCommand held = HeldCommand.start(command);
        Result r;
        try {
            r =
                    trace.run(
                            new TraceTargets(
                                    List.of(held.id()),
                                    held::release,
                                    null,
                                    new StopSignal().installHandlers()));
        } finally {
            held.release(); // harmless when already running; never leave it stopped
            held.stop(5);
        }
        return report(opts, r);
    }

    /**
     * @param root the filesystem the target sees, where {@code spec.probe.binary} is opened
     */
    private static Engine.PreparedTrace prepare(TraceOptions opts, Path root) throws Exception {
        return Engines.forFamily(opts.spec().getProbe().getFamily())
                .prepare(opts.settings(), ProbePlanner.underRoot(root));
    }

    static int report(TraceOptions opts, Result r) throws IOException {
        PrintStream out = System.out;
        out.println();
        out.print(SummaryTable.render(r));
        out.flush();
        if (opts.json() != null) {
            Files.writeString(opts.json(), r.toJson(), StandardCharsets.UTF_8);
            out.println("Result JSON: " + opts.json());
        }
        if (opts.hgrm() != null && r.getHistogram() != null) {
            HgrmWriter.write(r.decodeHistogram(), opts.hgrm());
            out.println("Percentile distribution: " + opts.hgrm());
        }
        return ExitCodes.OK;
    }
}

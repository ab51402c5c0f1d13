package io.tracejob.agent.cli;

import io.tracejob.agent.calibrate.Calibration;
import io.tracejob.agent.calibrate.Calibrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tracejob-agent calibrate}: measures the per-firing trap cost of each attach class on this
 * node, for {@code run --calibration FILE} (and the pod agent) to use instead of the reference
 * figures.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description = {
            "Measure what a probe firing costs on this node, per attach class, with a bundled calibration target (needs gcc).",
            "Prints the calibration JSON on stdout (and to --out) and a table on stderr; pass the file to run/pod as --calibration."
        })
final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--out", description = "also write the calibration JSON to this file")
    Path out;

    @Option(
            names = "--calls",
            defaultValue = "50000",
            description =
                    "calls per timed run, "
                            + Calibrator.MIN_CALLS
                            + ".."
                            + Calibrator.MAX_CALLS
                            + " (default ${DEFAULT-VALUE})")
    long calls;

    @Override
    public Integer call() throws Exception {
        if (calls < Calibrator.MIN_CALLS || calls > Calibrator.MAX_CALLS) {
            throw new BadInputException(
                    "--calls: must be "
                            + Calibrator.MIN_CALLS
                            + ".."
                            + Calibrator.MAX_CALLS
                            + ", got "
                            + calls);
        }
        if (out != null && out.getParent() != null && !Files.isDirectory(out.getParent())) {
            throw new BadInputException("--out: directory " + out.getParent() + " does not exist");
        }
        Calibration c = Calibrator.calibrate(calls, System.err);
        System.err.println();
        System.err.print(c.table());
        String json = c.toJson();
        System.out.print(json);
        System.out.flush();
        if (out != null) {
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.err.println(
                    "Calibration written to " + out + " (use: run --calibration " + out + ")");
        }
        return ExitCodes.OK;
    }
}

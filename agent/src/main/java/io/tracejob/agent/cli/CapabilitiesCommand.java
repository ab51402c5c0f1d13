package io.tracejob.agent.cli;

import io.tracejob.agent.capabilities.NodeCapabilities;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tracejob-agent capabilities}: what this node can trace, as JSON, with the reason for each
 * gap.
 */
@Command(
        name = "capabilities",
        mixinStandardHelpOptions = true,
        description =
                "Print this node's tracing capabilities as JSON: kernel, families available (with reasons), BTF, BPF stats, uprobe PMU, cgroups.")
final class CapabilitiesCommand implements Callable<Integer> {

    @Option(
            names = "--calibration",
            description = "a calibration file (from 'calibrate') to include")
    Path calibration;

    @Override
    public Integer call() throws Exception {
        NodeCapabilities caps =
                calibration == null
                        ? NodeCapabilities.probe()
                        : NodeCapabilities.probe(calibration);
        System.out.println(caps.toJson());
        return ExitCodes.OK;
    }
}

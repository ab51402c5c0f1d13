package io.tracejob.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tracejob-agent}: the native eBPF latency tracer, usable alone or launched by the operator.
 */
@Command(
        name = "tracejob-agent",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Measures the per-call latency distribution of a function, USDT pair or tracepoint pair in a live process, with exact in-kernel HdrHistogram buckets.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            PodCommand.class,
            CapabilitiesCommand.class,
            CalibrateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AgentMain {

    public static void main(String[] args) {
        Warmup.startModel();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AgentMain());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }
}

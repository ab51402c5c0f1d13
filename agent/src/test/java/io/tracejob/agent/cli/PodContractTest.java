package io.tracejob.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.contract.AgentExitCode;
import io.tracejob.api.v1alpha1.contract.AgentPodArguments;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The agent's side of the operator–agent contract: the {@code pod} command the operator runs has
 * exactly the contract's options, and the agent exits only with codes the operator knows how to
 * read.
 */
class PodContractTest {
    /** picocli's mixinStandardHelpOptions, on every subcommand; the operator never passes them */
    private static final Set<String> STANDARD_HELP = Set.of("-h", "--help", "-V", "--version");

    private static CommandSpec podCommand() {
        CommandLine pod =
                AgentMain.commandLine().getSubcommands().get(AgentPodArguments.SUBCOMMAND);
        assertThat(pod).as("subcommand %s", AgentPodArguments.SUBCOMMAND).isNotNull();
        Object command = pod.getCommand();
        assertThat(command).isInstanceOf(PodCommand.class);
        return pod.getCommandSpec();
    }

    private static Set<String> names(List<OptionSpec> options) {
        return options.stream()
                .flatMap(o -> Arrays.stream(o.names()))
                .filter(n -> !STANDARD_HELP.contains(n))
                .collect(Collectors.toSet());
    }

    @Test
    void podCommandHasExactlyTheContractsOptions() {
        CommandSpec spec = podCommand();
        assertThat(names(spec.options()))
                .containsExactlyInAnyOrderElementsOf(AgentPodArguments.ALL);
        assertThat(names(spec.options().stream().filter(OptionSpec::required).toList()))
                .containsExactlyInAnyOrderElementsOf(AgentPodArguments.REQUIRED);
        assertThat(spec.positionalParameters()).as("the operator passes options only").isEmpty();
        assertThat(spec.findOption(AgentPodArguments.RESULT_FILE).defaultValue())
                .isEqualTo(TerminationMessageFormat.PATH);
    }

    @Test
    void everyExitCodeConstantIsAContractCodeAndEveryContractCodeHasOne() throws Exception {
        List<Integer> constants = new java.util.ArrayList<>();
        for (Field f : ExitCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class)
                constants.add(f.getInt(null));
        }
        assertThat(constants)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(AgentExitCode.values()).map(AgentExitCode::code).toList());
    }

    @Test
    void picocliExitsOnlyWithContractCodesAndBadUsageIsBadInput() {
        CommandSpec spec = AgentMain.commandLine().getCommandSpec();
        for (int code :
                List.of(
                        spec.exitCodeOnSuccess(),
                        spec.exitCodeOnUsageHelp(),
                        spec.exitCodeOnVersionHelp(),
                        spec.exitCodeOnExecutionException())) {
            assertThat(AgentExitCode.of(code)).as("picocli exit code %d", code).isPresent();
        }
        assertThat(spec.exitCodeOnInvalidInput()).isEqualTo(AgentExitCode.BAD_INPUT.code());
        assertThat(spec.exitCodeOnExecutionException()).isEqualTo(AgentExitCode.INTERNAL.code());
    }

    @Test
    void aPodCommandMissingARequiredOptionExitsBadInputNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cl = AgentMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit =
                cl.execute(
                        AgentPodArguments.SUBCOMMAND,
                        AgentPodArguments.SPEC_JSON,
                        "{}",
                        AgentPodArguments.CONTAINER_ID,
                        "containerd://" + "ab".repeat(32));
        assertThat(AgentExitCode.of(exit)).contains(AgentExitCode.BAD_INPUT);
        assertThat(err.toString()).contains(AgentPodArguments.POD_UID);
    }

    @Test
    void theErrorHandlerMapsFailuresToContractCodes() {
        List<Throwable> failures =
                List.of(
                        new BadInputException("x"),
                        new IllegalArgumentException("x"),
                        new IOException("x"),
                        new UncheckedIOException(new IOException("x")),
                        new IllegalStateException("x"),
                        new OutOfMemoryError("x"));
        for (Throwable t : failures) {
            assertThat(AgentExitCode.of(Failures.exitCode(t))).as(t.toString()).isPresent();
        }
        assertThat(Failures.exitCode(new BadInputException("x")))
                .isEqualTo(AgentExitCode.BAD_INPUT.code());
        assertThat(Failures.exitCode(new IllegalStateException("x")))
                .isEqualTo(AgentExitCode.INTERNAL.code());
    }
}

package io.tracejob.api.v1alpha1.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.api.v1alpha1.InFlight;
import io.tracejob.api.v1alpha1.Overhead;
import io.tracejob.api.v1alpha1.Percentiles;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The operator–agent contract on its own: values that cannot be confused, sizes that fit what
 * carries them.
 */
class AgentContractTest {

    @Test
    void exitCodesAreDistinctAndZeroMeansAResult() {
        assertThat(Arrays.stream(AgentExitCode.values()).map(AgentExitCode::code))
                .doesNotHaveDuplicates();
        assertThat(AgentExitCode.OK.code()).isZero();
        // a shell reserves 126 and up (not executable, not found, killed by a signal); the agent's
        // codes stay below
        assertThat(AgentExitCode.values()).allSatisfy(c -> assertThat(c.code()).isBetween(0, 125));
    }

    @Test
    void everyCodeReadsBackAsItselfAndOthersAsNothing() {
        for (AgentExitCode c : AgentExitCode.values())
            assertThat(AgentExitCode.of(c.code())).contains(c);
        assertThat(AgentExitCode.of(137)).isEmpty(); // SIGKILL, e.g. the OOM killer
        assertThat(AgentExitCode.of(-1)).isEmpty();
    }

    @Test
    void podOptionsAreDistinctLongOptionsAndTheRequiredOnesAreAmongThem() {
        assertThat(AgentPodArguments.ALL)
                .doesNotHaveDuplicates()
                .allSatisfy(o -> assertThat(o).matches("--[a-z]+(-[a-z]+)*"))
                .doesNotContain("--help", "--version"); // picocli's, on every subcommand
        assertThat(AgentPodArguments.ALL).containsAll(AgentPodArguments.REQUIRED);
        assertThat(AgentPodArguments.SUBCOMMAND).matches("[a-z]+");
    }

    @Test
    void aSpecAsLargeAsTheAgentAcceptsIsOneArgumentTheKernelPasses() {
        int maxArgStrlen = 32 * 4096; // MAX_ARG_STRLEN, include/uapi/linux/binfmts.h
        // UTF-8 may take 3 bytes per char of a JSON string; the agent counts chars
        assertThat(AgentPodArguments.SPEC_JSON_MAX_CHARS).isPositive();
        assertThat((long) AgentPodArguments.SPEC_JSON_MAX_CHARS).isLessThan(maxArgStrlen);
    }

    @Test
    void aFailureMessageIsNeverMistakenForAResult() {
        String failure =
                TerminationMessageFormat.error("spec.probe.function: '{x}' is not a symbol");
        assertThat(failure).doesNotStartWith("{");
        assertThatThrownBy(() -> Result.fromJson(failure))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TerminationMessageFormat.errorText(failure))
                .isEqualTo("spec.probe.function: '{x}' is not a symbol");
        assertThat(TerminationMessageFormat.errorText("OOMKilled")).isEqualTo("OOMKilled");
    }

    @Test
    void aResultsFixedFieldsAtTheirWidestTakeLessThanHalfTheMessage() {
        // the agent fits a Result into MAX_BYTES by giving up intervals, histogram and warnings,
        // never these; the
        // other half is room for the message and the warning saying what was given up
        String json = widestFixedFields().toJson();
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).as(json).isLessThan(TerminationMessageFormat.MAX_BYTES / 2);
        assertThat(TerminationMessageFormat.PATH).startsWith("/");
    }

    private static Result widestFixedFields() {
        Result r = new Result();
        r.setCount(Long.MAX_VALUE);
        r.setMinNanos(Long.MAX_VALUE);
        r.setMaxNanos(Long.MAX_VALUE);
        r.setMeanNanos(-Double.MIN_NORMAL);
        Percentiles p = new Percentiles();
        p.setP50(Long.MAX_VALUE);
        p.setP90(Long.MAX_VALUE);
        p.setP99(Long.MAX_VALUE);
        p.setP999(Long.MAX_VALUE);
        p.setP9999(Long.MAX_VALUE);
        r.setPercentiles(p);
        r.setSignificantDigits(5);
        InFlight f = new InFlight();
        f.setCount(Long.MAX_VALUE);
        f.setOldestNanos(Long.MAX_VALUE);
        r.setInFlight(f);
        Overhead o = new Overhead();
        o.setFirings(Long.MAX_VALUE);
        o.setFiringsPerSecond(-Double.MIN_NORMAL);
        o.setBpfNanosPerFiring(-Double.MIN_NORMAL);
        o.setEstimatedCpuPercent(-Double.MIN_NORMAL);
        o.setBudgetCpuPercent(-Double.MIN_NORMAL);
        o.setDutyCycle(-Double.MIN_NORMAL);
        o.setNanosPerFiring(-Double.MIN_NORMAL);
        o.setTransitionNanos(Long.MAX_VALUE);
        o.setBudgetHeld(Boolean.FALSE);
        o.setAttachClass("endbr64");
        o.setFollowing("BinaryWide");
        o.setCostSource("c".repeat(240)); // may carry why measuring failed, cut to 160 characters
        o.setOtherProcessFirings(Long.MAX_VALUE);
        o.setOtherProcessesCpuPercent(-Double.MIN_NORMAL);
        r.setOverhead(o);
        r.setStopReason(StopReason.Completed);
        r.setProcessesTraced(Integer.MAX_VALUE);
        return r;
    }
}

package io.tracejob.operator.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.contract.AgentExitCode;
import io.tracejob.api.v1alpha1.contract.AgentFailure;
import io.tracejob.api.v1alpha1.contract.AgentFailure.Scope;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import io.tracejob.operator.testsupport.Results;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeReaderTest {

    private static PodBuilder pod() {
        return new PodBuilder()
                .withNewMetadata()
                .withName("tj-x-t1")
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-9")
                .withActiveDeadlineSeconds(90L)
                .addNewContainer()
                .withName("agent")
                .withImage("agent:1")
                .withNewResources()
                .addToLimits("memory", new Quantity("256Mi"))
                .endResources()
                .endContainer()
                .endSpec();
    }

    private static Pod terminated(
            String phase, String podReason, int exit, String reason, String message) {
        return pod().withNewStatus()
                .withPhase(phase)
                .withReason(podReason)
                .addToContainerStatuses(
                        new ContainerStatusBuilder()
                                .withName("agent")
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(exit)
                                .withReason(reason)
                                .withMessage(message)
                                .endTerminated()
                                .endState()
                                .build())
                .endStatus()
                .build();
    }

    @Test
    void completedResultIsReadFromTheTerminationMessage() {
        Result r = Results.of(Results.latencies(1, 1000, 10_000), StopReason.Completed);
        AgentOutcome o =
                OutcomeReader.read(terminated("Succeeded", null, 0, "Completed", r.toJson()));
        assertThat(o).isInstanceOf(AgentOutcome.Finished.class);
        var f = (AgentOutcome.Finished) o;
        assertThat(f.partial()).isFalse();
        assertThat(f.result().getPercentiles().getP99()).isEqualTo(r.getPercentiles().getP99());
    }

    @Test
    void deadlineWithAPartialResultKeepsTheResult() {
        Result r = Results.of(Results.latencies(2, 500, 10_000), StopReason.Signalled);
        var f =
                (AgentOutcome.Finished)
                        OutcomeReader.read(
                                terminated(
                                        "Failed", "DeadlineExceeded", 0, "Completed", r.toJson()));
        assertThat(f.partial()).isTrue();
        assertThat(f.note()).contains("deadline");
        assertThat(f.result().getCount()).isEqualTo(500);
    }

    @Test
    void deadlineWithoutResultFails() {
        var f =
                (AgentOutcome.Failed)
                        OutcomeReader.read(
                                terminated("Failed", "DeadlineExceeded", 137, "Error", ""));
        assertThat(f.reason()).isEqualTo(FailureReasons.DEADLINE_EXCEEDED);
        assertThat(f.message()).contains("activeDeadlineSeconds=90");
    }

    @Test
    void exitCodesOfTheAgentContractMapToReasonsWithTheAgentsMessage() {
        var bad =
                (AgentOutcome.Failed)
                        OutcomeReader.read(
                                terminated(
                                        "Failed",
                                        null,
                                        2,
                                        "Error",
                                        "tracejob-agent: spec.probe.function: 'x;y' is not a symbol"));
        assertThat(bad.reason()).isEqualTo(FailureReasons.BAD_INPUT);
        assertThat(bad.message()).endsWith("spec.probe.function: 'x;y' is not a symbol");
        var lacks =
                (AgentOutcome.Failed)
                        OutcomeReader.read(
                                terminated(
                                        "Failed",
                                        null,
                                        3,
                                        "Error",
                                        "tracejob-agent: Kprobe is not available on this node: CONFIG_KPROBES is off"));
        assertThat(lacks.reason()).isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY);
        assertThat(lacks.message())
                .contains("node-9")
                .contains("CONFIG_KPROBES is off")
                .doesNotContain("tracejob-agent:");
        var internal =
                (AgentOutcome.Failed)
                        OutcomeReader.read(
                                terminated("Failed", null, 1, "Error", "tracejob-agent: boom"));
        assertThat(internal.reason()).isEqualTo(FailureReasons.AGENT_ERROR);
        assertThat(internal.message()).contains("exited with code 1").contains("boom");
    }

    @Test
    void everyContractExitCodeHasAReasonAndPassesTheAgentsWordsOn() {
        Map<AgentExitCode, String> reasons =
                Map.of(
                        AgentExitCode.OK, FailureReasons.AGENT_ERROR, // without a Result: see
                        // exitZeroWithoutAResult…
                        AgentExitCode.INTERNAL, FailureReasons.AGENT_ERROR,
                        AgentExitCode.BAD_INPUT, FailureReasons.BAD_INPUT,
                        AgentExitCode.UNSUPPORTED, FailureReasons.NODE_LACKS_CAPABILITY);
        assertThat(reasons.keySet())
                .as("a reason for every code of the contract")
                .isEqualTo(EnumSet.allOf(AgentExitCode.class));
        for (AgentExitCode code : AgentExitCode.values()) {
            String why = "spec.probe.function: the reason for exit " + code;
            var f =
                    (AgentOutcome.Failed)
                            OutcomeReader.read(
                                    terminated(
                                            "Failed",
                                            null,
                                            code.code(),
                                            "Error",
                                            TerminationMessageFormat.error(why)));
            assertThat(f.reason()).as(code.toString()).isEqualTo(reasons.get(code));
            if (code != AgentExitCode.OK) {
                assertThat(f.message())
                        .as(code.toString())
                        .endsWith(why)
                        .doesNotContain(TerminationMessageFormat.ERROR_PREFIX);
            }
        }
        var killed =
                (AgentOutcome.Failed)
                        OutcomeReader.read(terminated("Failed", null, 137, "Error", ""));
        assertThat(killed.reason()).isEqualTo(FailureReasons.AGENT_ERROR);
        assertThat(killed.message()).contains("exited with code 137 (Error)");
    }

    @Test
    void missingCapabilityIsTheAgentsOwnWordsOnlyForANodeLevelExitThree() {
        assertThat(
                        OutcomeReader.missingCapability(
                                terminated(
                                        "Failed",
                                        null,
                                        3,
                                        "Error",
                                        "tracejob-agent: fentry program load refused: EPERM (Operation not permitted)")))
                .contains("fentry program load refused: EPERM (Operation not permitted)");
        assertThat(
                        OutcomeReader.missingCapability(
                                terminated(
                                        "Failed",
                                        null,
                                        3,
                                        "Error",
                                        "tracejob-agent: spec.probe.family: Kprobe cannot run on node node-9: kprobes are absent")))
                .contains(
                        "spec.probe.family: Kprobe cannot run on node node-9: kprobes are absent");
        assertThat(OutcomeReader.missingCapability(terminated("Failed", null, 3, "Error", "")))
                .contains("no message in the termination log");
        // refusals of this spec, not of the node
        assertThat(
                        OutcomeReader.missingCapability(
                                terminated(
                                        "Failed",
                                        null,
                                        3,
                                        "Error",
                                        "tracejob-agent: spec.probe.function: /app/server is a Go binary; ... Latency is refused")))
                .isEmpty();
        assertThat(
                        OutcomeReader.missingCapability(
                                terminated(
                                        "Failed",
                                        null,
                                        3,
                                        "Error",
                                        "tracejob-agent: spec.probe.measure: Value histograms a tracepoint field")))
                .isEmpty();
        // other outcomes
        assertThat(
                        OutcomeReader.missingCapability(
                                terminated("Failed", null, 2, "Error", "tracejob-agent: x")))
                .isEmpty();
        assertThat(
                        OutcomeReader.missingCapability(
                                terminated("Failed", "DeadlineExceeded", 3, "Error", "x")))
                .isEmpty();
        assertThat(OutcomeReader.missingCapability(pod().build())).isEmpty();
    }

    /** The agent says what a refusal holds for; the operator reads that, not the words. */
    @Test
    void missingCapabilityFollowsTheScopeTheAgentGives() {
        String words = "spec.probe.measure: Latency needs a return probe (uretprobe) on work";
        assertThat(
                        OutcomeReader.missingCapability(
                                exitThree(
                                        new AgentFailure(
                                                words, Scope.Node, ProbeFamily.Uprobe, null))))
                .contains(words);
        assertThat(
                        OutcomeReader.missingCapability(
                                exitThree(
                                        new AgentFailure(
                                                words, Scope.Target, ProbeFamily.Uprobe, null))))
                .as(
                        "a return probe refused in one seccomp-filtered process says nothing of the node")
                .isEmpty();
        assertThat(
                        OutcomeReader.missingCapability(
                                exitThree(
                                        new AgentFailure(
                                                "spec.probe.family: Kprobe cannot run on node n",
                                                Scope.Spec,
                                                ProbeFamily.Kprobe,
                                                null))))
                .isEmpty();
        AgentOutcome.Failed read =
                (AgentOutcome.Failed)
                        OutcomeReader.read(
                                exitThree(new AgentFailure(words, Scope.Target, null, null)));
        assertThat(read.message()).contains(words).doesNotContain("{\"reason\"");
    }

    private static Pod exitThree(AgentFailure failure) {
        return terminated("Failed", null, 3, "Error", failure.toTerminationMessage());
    }

    @Test
    void exitZeroWithoutAResultSaysWhyItIsUnreadable() {
        var f =
                (AgentOutcome.Failed)
                        OutcomeReader.read(
                                terminated(
                                        "Succeeded",
                                        null,
                                        0,
                                        "Completed",
                                        "{\"count\": 12, \"percen"));
        assertThat(f.reason()).isEqualTo(FailureReasons.AGENT_ERROR);
        assertThat(f.message())
                .contains("not a result")
                .contains("not a TraceJob result")
                .contains("it starts: {\"count\": 12");
        var empty =
                (AgentOutcome.Failed)
                        OutcomeReader.read(terminated("Succeeded", null, 0, "Completed", ""));
        assertThat(empty.message()).contains("it is empty");
    }

    @Test
    void oomKilledNamesTheLimit() {
        var f =
                (AgentOutcome.Failed)
                        OutcomeReader.read(terminated("Failed", null, 137, "OOMKilled", null));
        assertThat(f.reason()).isEqualTo(FailureReasons.OOM_KILLED);
        assertThat(f.message()).contains("256Mi");
    }

    @Test
    void podLevelFailures() {
        Pod evicted =
                pod().withNewStatus()
                        .withPhase("Failed")
                        .withReason("Evicted")
                        .withMessage("The node was low on resource: memory.")
                        .endStatus()
                        .build();
        assertThat(((AgentOutcome.Failed) OutcomeReader.read(evicted)).reason())
                .isEqualTo(FailureReasons.EVICTED);
        Pod pull =
                pod().withNewStatus()
                        .withPhase("Pending")
                        .addToContainerStatuses(
                                new ContainerStatusBuilder()
                                        .withName("agent")
                                        .withNewState()
                                        .withNewWaiting()
                                        .withReason("ImagePullBackOff")
                                        .withMessage("Back-off pulling image")
                                        .endWaiting()
                                        .endState()
                                        .build())
                        .endStatus()
                        .build();
        var p = (AgentOutcome.Failed) OutcomeReader.read(pull);
        assertThat(p.reason()).isEqualTo(FailureReasons.IMAGE_PULL);
        assertThat(p.message()).contains("agent:1").contains("node-9");
        // within the grace a failing pull is still waiting (the kubelet retries), after it final
        pull.getMetadata().setCreationTimestamp("2026-12-01T10:00:00Z");
        Duration grace = Duration.ofMinutes(5);
        assertThat(OutcomeReader.read(pull, Instant.parse("2026-12-01T10:04:59Z"), grace))
                .isEqualTo(new AgentOutcome.InProgress("Pending"));
        assertThat(OutcomeReader.read(pull, Instant.parse("2026-12-01T10:05:00Z"), grace))
                .isInstanceOf(AgentOutcome.Failed.class);
        Pod unschedulable =
                pod().withNewStatus()
                        .withPhase("Pending")
                        .addNewCondition()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage("0/3 nodes are available")
                        .endCondition()
                        .endStatus()
                        .build();
        assertThat(((AgentOutcome.Failed) OutcomeReader.read(unschedulable)).reason())
                .isEqualTo(FailureReasons.UNSCHEDULABLE);
        Pod rejected =
                pod().withNewStatus()
                        .withPhase("Failed")
                        .withReason("OutOfcpu")
                        .withMessage("insufficient cpu")
                        .endStatus()
                        .build();
        var r = (AgentOutcome.Failed) OutcomeReader.read(rejected);
        assertThat(r.reason()).isEqualTo(FailureReasons.REJECTED_BY_NODE);
        assertThat(r.message()).contains("OutOfcpu");
    }

    @Test
    void runningAndPendingAreInProgress() {
        assertThat(OutcomeReader.read(pod().build()).done()).isFalse();
        Pod running =
                pod().withNewStatus()
                        .withPhase("Running")
                        .addToContainerStatuses(
                                new ContainerStatusBuilder()
                                        .withName("agent")
                                        .withNewState()
                                        .withNewRunning()
                                        .endRunning()
                                        .endState()
                                        .build())
                        .endStatus()
                        .build();
        assertThat(OutcomeReader.read(running)).isEqualTo(new AgentOutcome.InProgress("Running"));
    }
}

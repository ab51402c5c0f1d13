package io.tracejob.operator.completion;

import static io.tracejob.operator.completion.FailureReasons.*;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.contract.AgentExitCode;
import io.tracejob.api.v1alpha1.contract.AgentFailure;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import io.tracejob.operator.agentpod.AgentPodFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an agent pod's status into an {@link AgentOutcome}: the termination message is the result
 * (the agent contract, {@link AgentExitCode} and {@link TerminationMessageFormat}: exit OK with
 * Result JSON; BAD_INPUT, UNSUPPORTED (the node lacks the capability) or INTERNAL, each with a
 * prefixed one-line message), and every way a pod can fail becomes a reason a person can act on.
 */
public final class OutcomeReader {
    private OutcomeReader() {}

    private static final Set<String> PULL_FAILURES =
            Set.of(
                    "ErrImagePull",
                    "ImagePullBackOff",
                    "InvalidImageName",
                    "ErrImageNeverPull",
                    "RegistryUnavailable");
    private static final Set<String> CONTAINER_FAILURES =
            Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    public static AgentOutcome read(Pod pod) {
        return read(pod, null, Duration.ZERO);
    }

    /**
     * As {@link #read(Pod)}, but an image pull that fails within {@code pullGrace} of the pod's
     * creation is still waiting (the kubelet retries it): a registry blip of a few seconds must not
     * fail a trace. After the grace the pull failure is final, with the runtime's words.
     */
    public static AgentOutcome read(Pod pod, Instant now, Duration pullGrace) {
        String node = pod.getSpec().getNodeName();
        String name = pod.getMetadata().getName();
        if (pod.getStatus() == null) return new AgentOutcome.InProgress("Pending");
        String phase = pod.getStatus().getPhase();
        ContainerStatus cs = agentStatus(pod).orElse(null);

        ContainerStateTerminated term = terminatedState(cs);
        if (term != null) {
            return terminated(pod, term, node);
        }
        if (cs != null && cs.getState() != null && cs.getState().getWaiting() != null) {
            ContainerStateWaiting w = cs.getState().getWaiting();
            if (PULL_FAILURES.contains(w.getReason())) {
                // the kubelet retries a pull: within the grace it is still starting
                if (withinGrace(pod, now, pullGrace)) return new AgentOutcome.InProgress("Pending");
                return new AgentOutcome.Failed(
                        IMAGE_PULL,
                        "node "
                                + node
                                + " cannot pull the agent image "
                                + pod.getSpec().getContainers().get(0).getImage()
                                + " ("
                                + w.getReason()
                                + ": "
                                + nullToEmpty(w.getMessage())
                                + "); check the operator's agent image setting and pull secrets");
            }
            if (CONTAINER_FAILURES.contains(w.getReason())) {
                return new AgentOutcome.Failed(
                        CONTAINER_ERROR,
                        "agent container of pod "
                                + name
                                + " on node "
                                + node
                                + " cannot start ("
                                + w.getReason()
                                + ": "
                                + nullToEmpty(w.getMessage())
                                + ")");
            }
        }
        if ("Failed".equals(phase)) {
            String reason = nullToEmpty(pod.getStatus().getReason());
            String message = nullToEmpty(pod.getStatus().getMessage());
            return switch (reason) {
                case "Evicted" ->
                        new AgentOutcome.Failed(
                                EVICTED,
                                "agent pod "
                                        + name
                                        + " was evicted from node "
                                        + node
                                        + ": "
                                        + message);
                case "DeadlineExceeded" ->
                        new AgentOutcome.Failed(
                                DEADLINE_EXCEEDED,
                                "agent pod "
                                        + name
                                        + " ran past activeDeadlineSeconds="
                                        + pod.getSpec().getActiveDeadlineSeconds()
                                        + " without writing a result; raise the operator's deadline grace if the image pull is slow");
                default ->
                        new AgentOutcome.Failed(
                                REJECTED_BY_NODE,
                                "node "
                                        + node
                                        + " did not run agent pod "
                                        + name
                                        + " ("
                                        + (reason.isEmpty() ? "no reason given" : reason)
                                        + (message.isEmpty() ? "" : ": " + message)
                                        + ")");
            };
        }
        if ("Succeeded".equals(phase)) {
            return new AgentOutcome.Failed(
                    AGENT_ERROR, "agent pod " + name + " succeeded without a container status");
        }
        if (pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason())) {
                    return new AgentOutcome.Failed(
                            UNSCHEDULABLE,
                            "agent pod "
                                    + name
                                    + " cannot be placed on node "
                                    + node
                                    + ": "
                                    + nullToEmpty(c.getMessage()));
                }
            }
        }
        return new AgentOutcome.InProgress(phase == null ? "Pending" : phase);
    }

    private static AgentOutcome terminated(Pod pod, ContainerStateTerminated term, String node) {
        String message = nullToEmpty(term.getMessage()).strip();
        int exit = term.getExitCode() == null ? -1 : term.getExitCode();
        Optional<Result> result = parse(message);
        boolean deadline = "DeadlineExceeded".equals(pod.getStatus().getReason());
        if (result.isPresent()) {
            Result r = result.get();
            boolean partial =
                    deadline
                            || (r.getStopReason() != null
                                    && r.getStopReason() != StopReason.Completed);
            String note =
                    deadline
                            ? "the agent pod reached its deadline; the result covers the time traced until then"
                            : partial
                                    ? "tracing stopped early ("
                                            + r.getStopReason()
                                            + (r.getMessage() == null ? "" : ": " + r.getMessage())
                                            + ")"
                                    : null;
            return new AgentOutcome.Finished(r, partial, note);
        }
        String text = agentText(message);
        if ("OOMKilled".equals(term.getReason())) {
            Quantity limit =
                    pod.getSpec().getContainers().get(0).getResources() == null
                            ? null
                            : pod.getSpec().getContainers().get(0).getResources().getLimits()
                                            == null
                                    ? null
                                    : pod.getSpec()
                                            .getContainers()
                                            .get(0)
                                            .getResources()
                                            .getLimits()
                                            .get("memory");
            return new AgentOutcome.Failed(
                    OOM_KILLED,
                    "the agent on node "
                            + node
                            + " was killed for exceeding its memory"
                            + " limit"
                            + (limit == null ? "" : " of " + limit)
                            + "; raise the operator's agent resources");
        }
        if (deadline) {
            return new AgentOutcome.Failed(
                    DEADLINE_EXCEEDED,
                    "agent pod "
                            + pod.getMetadata().getName()
                            + " ran past activeDeadlineSeconds="
                            + pod.getSpec().getActiveDeadlineSeconds()
                            + " and wrote no result"
                            + (text.isEmpty() ? "" : " (" + text + ")"));
        }
        AgentExitCode code =
                AgentExitCode.of(exit)
                        .orElse(AgentExitCode.INTERNAL); // a signal, a runtime's failure
        // no default: a code added to the contract does not compile here until it is given a reason
        return switch (code) {
            case OK ->
                    new AgentOutcome.Failed(
                            AGENT_ERROR,
                            "the agent on node "
                                    + node
                                    + " exited 0 but its"
                                    + " termination message is not a result ("
                                    + unreadable(message)
                                    + ")");
            case BAD_INPUT ->
                    new AgentOutcome.Failed(
                            BAD_INPUT, "the agent rejected the spec: " + orUnknown(text));
            case UNSUPPORTED ->
                    new AgentOutcome.Failed(
                            NODE_LACKS_CAPABILITY,
                            "node " + node + " cannot run this probe: " + orUnknown(text));
            case INTERNAL ->
                    new AgentOutcome.Failed(
                            AGENT_ERROR,
                            "the agent on node "
                                    + node
                                    + " exited with code "
                                    + exit
                                    + (term.getReason() == null
                                            ? ""
                                            : " (" + term.getReason() + ")")
                                    + ": "
                                    + orUnknown(text));
        };
    }

    /**
     * What the agent said when it exited 3 because its node lacks something the probe family needs
     * (a kernel feature, a privilege): e.g. "no kprobe_events (CONFIG_KPROBES off)" or "fentry
     * program load refused: EPERM". Empty for every other outcome, and for exit-3 refusals that
     * hold for one spec (a Go binary with measure Latency, Value on a uprobe) or one target (a
     * return probe that would kill a seccomp-filtered process): the agent says which in its
     * failure's scope ({@link AgentFailure.Scope}), so nothing here reads its words. A message of
     * unknown scope (an agent older than the scope) counts for the node only when it names the
     * family, as such an agent's node checks did.
     */
    public static Optional<String> missingCapability(Pod pod) {
        if (!(read(pod) instanceof AgentOutcome.Failed f)
                || !NODE_LACKS_CAPABILITY.equals(f.reason())) {
            return Optional.empty();
        }
        String message =
                nullToEmpty(terminatedState(agentStatus(pod).orElse(null)).getMessage()).strip();
        // a message that is no AgentFailure (an older agent's line, a runtime's text) has no scope
        Optional<AgentFailure> failure = AgentFailure.fromTerminationMessage(message);
        AgentFailure.Scope scope =
                failure.map(AgentFailure::scope).orElse(AgentFailure.Scope.Agent);
        String reason = failure.map(AgentFailure::reason).orElse(message);
        boolean node =
                scope == AgentFailure.Scope.Node
                        || scope == AgentFailure.Scope.Agent
                                && (!reason.startsWith("spec.")
                                        || reason.startsWith("spec.probe.family:"));
        return node ? Optional.of(orUnknown(reason)) : Optional.empty();
    }

    private static boolean withinGrace(Pod pod, Instant now, Duration grace) {
        String created = pod.getMetadata().getCreationTimestamp();
        if (now == null || grace.isZero() || created == null) return false;
        return Duration.between(Instant.parse(created), now).compareTo(grace) < 0;
    }

    private static ContainerStateTerminated terminatedState(ContainerStatus cs) {
        ContainerStateTerminated term =
                cs == null || cs.getState() == null ? null : cs.getState().getTerminated();
        if (term == null && cs != null && cs.getLastState() != null)
            term = cs.getLastState().getTerminated();
        return term;
    }

    /**
     * The termination message without the agent's {@link TerminationMessageFormat#ERROR_PREFIX}.
     */
    private static String agentText(String terminationMessage) {
        return TerminationMessageFormat.errorText(nullToEmpty(terminationMessage).strip());
    }

    static Optional<Result> parse(String message) {
        if (!message.startsWith("{")) return Optional.empty();
        try {
            return Optional.of(Result.fromJson(message));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String unreadable(String message) {
        if (message.isEmpty()) return "it is empty";
        try {
            Result.fromJson(message);
            return "unexpected";
        } catch (IllegalArgumentException e) {
            String start = message.length() > 120 ? message.substring(0, 120) + "…" : message;
            return e.getMessage() + "; it starts: " + start;
        }
    }

    private static Optional<ContainerStatus> agentStatus(Pod pod) {
        if (pod.getStatus().getContainerStatuses() == null) return Optional.empty();
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> AgentPodFactory.CONTAINER.equals(s.getName()))
                .findFirst();
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "no message in the termination log" : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.guards.ArrivalOrder;
import io.tracejob.operator.guards.Guards;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.killswitch.TracingPause;
import io.tracejob.operator.metrics.OperatorMetrics;
import io.tracejob.operator.selection.CandidateFinder;
import io.tracejob.operator.selection.CpuPicker;
import io.tracejob.operator.selection.Pickers;
import io.tracejob.operator.status.StatusRecorder;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The handler of each phase, wired once with the collaborators the phases share; every unfinished
 * phase runs the {@link StopStep} first.
 */
final class PhaseHandlers {
    private final Map<Phase, PhaseHandler> byPhase = new EnumMap<>(Phase.class);

    PhaseHandlers(
            KubernetesClient client,
            OperatorConfig config,
            Pickers pickers,
            StatusRecorder recorder,
            OperatorMetrics metrics,
            Clock clock,
            AgentPods agents,
            NodeSlots slots,
            NodeCapabilityMemory capabilities,
            ArrivalOrder arrivals,
            TracingPause pause) {
        AgentPodFactory factory = new AgentPodFactory(config);
        Endings endings = new Endings(recorder, slots);
        PreTraceAgents preTrace =
                new PreTraceAgents(
                        agents,
                        factory,
                        slots,
                        capabilities,
                        recorder,
                        new CpuPicker(client),
                        config.maxPreTraceCandidates());
        TargetChooser chooser =
                new TargetChooser(
                        new CandidateFinder(client), pickers, preTrace, capabilities, recorder);
        AgentLauncher launcher =
                new AgentLauncher(config, agents, factory, slots, recorder, metrics);
        PhaseHandler selecting =
                new SelectingHandler(
                        config, agents, chooser, launcher, capabilities, recorder, endings);
        PhaseHandler finished = new FinishedHandler(client, config, agents, slots, clock);
        StopStep stop = new StopStep(pause, agents, recorder, metrics, endings);
        byPhase.put(
                Phase.Pending,
                stop.before(
                        new PendingHandler(
                                new Guards(config), recorder, endings, selecting, arrivals),
                        false));
        byPhase.put(Phase.Selecting, stop.before(selecting, false));
        byPhase.put(
                Phase.Running,
                stop.before(
                        new RunningHandler(
                                config,
                                agents,
                                slots,
                                capabilities,
                                recorder,
                                metrics,
                                endings,
                                clock),
                        true));
        byPhase.put(Phase.Succeeded, finished);
        byPhase.put(Phase.Failed, finished);
    }

    /** The handler for {@code phase}; a job without a phase yet is Pending. */
    PhaseHandler forPhase(Phase phase) {
        return byPhase.get(phase == null ? Phase.Pending : phase);
    }
}

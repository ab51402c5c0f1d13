package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.completion.AgentOutcome;
import io.tracejob.operator.completion.FailureReasons;
import io.tracejob.operator.completion.OutcomeReader;
import io.tracejob.operator.completion.PerPod;
import io.tracejob.operator.completion.ResultMerger;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.guards.Guards;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.guards.Rejection;
import io.tracejob.operator.metrics.OperatorMetrics;
import io.tracejob.operator.selection.CandidateFinder;
import io.tracejob.operator.selection.Pickers;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.selection.Plural;
import io.tracejob.operator.selection.Selection;
import io.tracejob.operator.selection.SelectionException;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.StatusRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.tracejob.operator.status.StatusRecorder.phase;
import static io.tracejob.operator.status.StatusRecorder.status;

/**
 * Drives a TraceJob through Pending → Selecting → Running → Succeeded | Failed. Each pass observes (status,
 * agent pods from the cache), decides from that alone and acts once; all state lives in status and in the agent
 * pods, so a restarted operator resumes where the last one stopped and never starts a second agent.
 */
@ControllerConfiguration(name = TraceJobReconciler.NAME)
public class TraceJobReconciler implements Reconciler<TraceJob>, Cleaner<TraceJob> {
    public static final String NAME = "tracejob";
    private static final Logger LOG = LoggerFactory.getLogger(TraceJobReconciler.class);

    private final OperatorConfig config;
    private final AgentPods agents;
    private final AgentPodFactory factory;
    private final CandidateFinder finder;
    private final Pickers pickers;
    private final Guards guards;
    private final NodeSlots slots;
    private final NodeCapabilityMemory capabilities;
    private final StatusRecorder recorder;
    private final OperatorMetrics metrics;
    private final KubernetesClient client;
    private final Clock clock;
    private final PreTrace preTrace;

    public TraceJobReconciler(KubernetesClient client, OperatorConfig config, Pickers pickers, StatusRecorder recorder,
                              OperatorMetrics metrics, Clock clock) {
        this.client = client;
        this.config = config;
        this.agents = new AgentPods(client, config);
        this.factory = new AgentPodFactory(config);
        this.finder = new CandidateFinder(client);
        this.pickers = pickers;
        this.guards = new Guards(config);
        this.slots = new NodeSlots(config.maxAgentsPerNode());
        this.capabilities = new NodeCapabilityMemory(config.nodeCapabilityTtl(), clock);
        this.recorder = recorder;
        this.metrics = metrics;
        this.clock = clock;
        this.preTrace = new PreTrace(agents, factory, slots, capabilities, recorder);
    }

    @Override
    public List<EventSource<?, TraceJob>> prepareEventSources(EventSourceContext<TraceJob> context) {
        var cfg = InformerEventSourceConfiguration.from(Pod.class, TraceJob.class)
                .withName("agent-pods")
                .withNamespaces(Set.of(config.agentNamespace()))
                .withLabelSelector(AgentLabels.SELECTOR)
                .withSecondaryToPrimaryMapper(pod -> {
                    String ns = AgentLabels.annotation(pod, AgentLabels.JOB_NAMESPACE);
                    String name = AgentLabels.annotation(pod, AgentLabels.JOB_NAME);
                    return ns == null || name == null ? Set.of() : Set.of(new ResourceID(name, ns));
                })
                .build();
        InformerEventSource<Pod, TraceJob> source = new InformerEventSource<>(cfg, context);
        agents.attach(source);
        return List.of(source);
    }

    @Override
    public UpdateControl<TraceJob> reconcile(TraceJob job, Context<TraceJob> context) {
        String before = Serialization.asJson(job.getStatus());
        Phase from = phase(job);
        UpdateControl<TraceJob> decided = decide(job);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}/{}: {} -> {} {}", job.getMetadata().getNamespace(), job.getMetadata().getName(),
                    from == null ? "new" : from, phase(job), job.getStatus() == null ? "" : job.getStatus().getMessage());
        }
        if (!before.equals(Serialization.asJson(job.getStatus()))) {
            // Written here with optimistic locking and put into JOSDK's cache, so the next pass (often within
            // milliseconds, on an agent pod event) decides on this status and never on a stale one.
            TraceJobStatus status = job.getStatus();
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(job, context, fresh -> {
                fresh.setStatus(status);
                return fresh;
            });
        }
        UpdateControl<TraceJob> control = UpdateControl.noUpdate();
        decided.getScheduleDelay().ifPresent(ms -> control.rescheduleAfter(ms));
        return control;
    }

    private UpdateControl<TraceJob> decide(TraceJob job) {
        Phase phase = phase(job);
        if (phase == null || phase == Phase.Pending) return pending(job);
        return switch (phase) {
            case Selecting -> selecting(job);
            case Running -> running(job);
            case Succeeded, Failed -> finished(job);
            case Pending -> pending(job);
        };
    }

    /**
     * An exception escaped a pass (API server refused a pod, say). JOSDK retries; after the last attempt the job
     * fails with the error as its message rather than staying in its phase forever.
     */
    @Override
    public ErrorStatusUpdateControl<TraceJob> updateErrorStatus(TraceJob job, Context<TraceJob> context, Exception e) {
        boolean last = context.getRetryInfo().map(r -> r.isLastAttempt()).orElse(true);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        LOG.warn("TraceJob {}/{}: {} (cause: {}; last attempt: {})", job.getMetadata().getNamespace(),
                job.getMetadata().getName(), e.getMessage(), root, last);
        if (!last || phase(job) == Phase.Succeeded || phase(job) == Phase.Failed) {
            return ErrorStatusUpdateControl.defaultErrorProcessing();
        }
        recorder.fail(job, null, "OperatorError", "the operator could not proceed: " + e.getMessage());
        return ErrorStatusUpdateControl.patchStatus(job);
    }

    @Override
    public DeleteControl cleanup(TraceJob job, Context<TraceJob> context) {
        // Owner references cannot cross namespaces, so the agent pods are removed here, running or not.
        agents.deleteAllOf(job);
        slots.forget(ticket(job));
        return DeleteControl.defaultDelete();
    }

    // ---- Pending: guards, then on to Selecting in the same pass.

    private UpdateControl<TraceJob> pending(TraceJob job) {
        Optional<Rejection> rejection = guards.check(job);
        if (rejection.isPresent()) {
            recorder.fail(job, ConditionTypes.ACCEPTED, rejection.get().reason(), rejection.get().message());
            return finishedControl(job);
        }
        if (phase(job) == null) {
            recorder.moveTo(job, Phase.Pending, ConditionTypes.ACCEPTED, "Accepted",
                    "spec is valid and allowed by the operator");
        }
        recorder.moveTo(job, Phase.Selecting, null, "Selecting", selectingMessage(job));
        recorder.setCondition(job, ConditionTypes.SELECTED, false, "Selecting", selectingMessage(job));
        return selecting(job);
    }

    private static String selectingMessage(TraceJob job) {
        var t = job.getSpec().getTarget();
        if (t.getPodName() != null) return "checking pod " + t.getPodName();
        return "looking for pods to trace (pick " + t.getPick() + ")";
    }

    // ---- Selecting: choose targets, wait for node slots, start the agents.

    private UpdateControl<TraceJob> selecting(TraceJob job) {
        List<Pod> existing = agents.of(job, AgentRole.TRACE);
        if (!existing.isEmpty()) {
            // Agents exist but status does not say so: the last operator stopped between creating and recording.
            return adopt(job, existing);
        }
        Selection selection;
        try {
            Optional<Selection> s = chooseTargets(job);
            if (s.isEmpty()) {
                // pre-trace in progress or waiting for slots: PreTrace recorded why
                return UpdateControl.patchStatus(job).rescheduleAfter(config.waitRecheck());
            }
            selection = s.get();
        } catch (SelectionException e) {
            slots.forget(ticket(job));
            recorder.fail(job, ConditionTypes.SELECTED, e.reason(), e.getMessage());
            return finishedControl(job);
        }
        Optional<Selection> traceable = withoutKnownGaps(job, selection);
        if (traceable.isEmpty()) return finishedControl(job);
        selection = withinNodeLimit(traceable.get());
        TargetStatus target = Targets.toStatus(selection);
        if (!StatusRecorder.isTrue(job, ConditionTypes.SELECTED)) {
            recorder.setCondition(job, ConditionTypes.SELECTED, true, "Selected", target.getPod() + ": " + target.getSelectedBy());
            recorder.event(job, "Selected", target.getPod() + ": " + target.getSelectedBy());
        }
        status(job).setTarget(mergeCandidates(status(job).getTarget(), target));

        Duration duration = KubeDuration.parse("spec.duration", job.getSpec().getDuration());
        Map<String, List<String>> needed = new LinkedHashMap<>();
        for (PodTarget t : selection.targets()) {
            needed.computeIfAbsent(t.node(), n -> new ArrayList<>()).add(AgentPodFactory.podName(job, AgentRole.TRACE, t.pod()));
        }
        NodeSlots.Decision d = slots.tryAdmit(ticket(job), needed, agents::activeOn);
        if (!d.admitted()) {
            if (recorder.setCondition(job, ConditionTypes.WAITING, true, "NodeBusy", d.message())) {
                recorder.event(job, "Waiting", d.message());
            }
            return UpdateControl.patchStatus(job).rescheduleAfter(config.waitRecheck());
        }
        List<String> names = new ArrayList<>();
        try {
            for (PodTarget t : selection.targets()) {
                Pod created = agents.create(factory.build(job, AgentRole.TRACE, t, duration));
                names.add(created.getMetadata().getName());
                metrics.agentStarted();
            }
        } catch (RuntimeException e) {
            // The slots were reserved for pods that may never exist; give them back before the retry.
            needed.values().forEach(pods -> pods.forEach(slots::release));
            throw e;
        }
        TraceJobStatus s = status(job);
        s.setAgentPods(names);
        s.setStartTime(recorder.now());
        recorder.setCondition(job, ConditionTypes.WAITING, false, "Admitted", "agent slots free");
        recorder.moveTo(job, Phase.Running, ConditionTypes.RUNNING, "AgentsStarted", "tracing "
                + selection.targets().stream().map(t -> t.pod() + " on node " + t.node()).toList()
                + " for " + job.getSpec().getDuration() + " with agent pod" + (names.size() == 1 ? " " : "s ")
                + String.join(", ", names));
        // Come back even if the node never reports on the pods, to apply the start timeout.
        return UpdateControl.patchStatus(job).rescheduleAfter(config.agentStartTimeout().plusMillis(100));
    }

    /**
     * No agent is started on a node known to lack the job's probe family (an agent exited 3 there lately, see
     * {@link NodeCapabilityMemory}): it would only fail the same way. Pick All traces the other pods and names the
     * skipped ones (condition TargetsSkipped, Warning event); Any has passed over such pods already when it could
     * ({@link #anyOnACapableNode}); any other pick, or no pod left, fails the job with NodeLacksCapability. Empty
     * when the job failed.
     */
    private Optional<Selection> withoutKnownGaps(TraceJob job, Selection s) {
        ProbeFamily family = job.getSpec().getProbe().getFamily();
        Map<PodTarget, NodeCapabilityMemory.Gap> gaps = capabilities.gaps(s.targets(), family);
        if (gaps.isEmpty()) {
            // skipped before a wait, but the memory has expired since: every pod gets its agent after all
            recorder.setCondition(job, ConditionTypes.TARGETS_SKIPPED, false, "NoneSkipped", "every chosen pod gets an agent");
            return Optional.of(s);
        }
        List<String> skipped = gaps.keySet().stream().map(t -> t.pod() + " on node " + t.node()).toList();
        String message = "no agent for " + String.join(", ", skipped) + ": " + capabilities.explain(gaps.values());
        if (gaps.size() == s.targets().size() || job.getSpec().getTarget().getPick() != Pick.All) {
            recorder.fail(job, ConditionTypes.SELECTED, FailureReasons.NODE_LACKS_CAPABILITY, message);
            return Optional.empty();
        }
        if (recorder.setCondition(job, ConditionTypes.TARGETS_SKIPPED, true, FailureReasons.NODE_LACKS_CAPABILITY, message)) {
            recorder.warn(job, FailureReasons.NODE_LACKS_CAPABILITY, message);
        }
        List<PodTarget> kept = s.targets().stream().filter(t -> !gaps.containsKey(t)).toList();
        return Optional.of(new Selection(kept, s.ranked(), s.selectedBy() + "; " + skipped.size() + " left out: "
                + String.join(", ", skipped) + " (node lacks " + family + ")"));
    }

    /**
     * Pick All may choose more pods on one node than the node may run agents at once; waiting could then never
     * end, so the excess (last by name) is left out and the sentence says so.
     */
    private Selection withinNodeLimit(Selection s) {
        Map<String, Integer> perNode = new LinkedHashMap<>();
        List<PodTarget> kept = new ArrayList<>();
        for (PodTarget t : s.targets()) {
            if (perNode.merge(t.node(), 1, Integer::sum) <= config.maxAgentsPerNode()) kept.add(t);
        }
        if (kept.size() == s.targets().size()) return s;
        return new Selection(kept, s.ranked(), s.selectedBy() + "; " + (s.targets().size() - kept.size())
                + " left out: the operator runs at most " + config.maxAgentsPerNode() + " agents per node");
    }

    /** Keeps pre-trace ranking values recorded earlier when the selection is re-made after a wait. */
    private static TargetStatus mergeCandidates(TargetStatus previous, TargetStatus now) {
        if (now.getCandidates() == null && previous != null && previous.getCandidates() != null
                && previous.getPod() != null && previous.getPod().equals(now.getPod())) {
            now.setCandidates(previous.getCandidates());
            now.setSelectedBy(previous.getSelectedBy());
        }
        return now;
    }

    private Optional<Selection> chooseTargets(TraceJob job) throws SelectionException {
        TargetStatus chosen = job.getStatus() == null ? null : job.getStatus().getTarget();
        Pick pick = job.getSpec().getTarget().getPick();
        if (chosen != null && chosen.getPod() != null && pick != Pick.All
                && StatusRecorder.isTrue(job, ConditionTypes.SELECTED)) {
            // Chosen before a wait: keep it while the pod is still eligible, so a re-rank cannot flip the choice.
            Optional<PodTarget> again = finder.recheck(job.getMetadata().getNamespace(), chosen.getPod(),
                    job.getSpec().getTarget().getContainer());
            if (again.isPresent()) {
                return Optional.of(new Selection(List.of(again.get()), chosen.getCandidates() == null ? List.of()
                        : chosen.getCandidates(), chosen.getSelectedBy()));
            }
            recorder.setCondition(job, ConditionTypes.SELECTED, false, "Reselecting", "pod " + chosen.getPod()
                    + " is no longer eligible; choosing again");
        }
        List<PodTarget> candidates = finder.find(job);
        if (pickers.isPreTrace(job)) {
            return preTrace.step(job, candidates, ticket(job));
        }
        if (pick == Pick.Any && job.getSpec().getTarget().getPodName() == null) return Optional.of(anyOnACapableNode(job, candidates));
        return Optional.of(pickers.forJob(job).pick(job, candidates));
    }

    /**
     * Pick Any may take any matching pod, so it passes over pods on nodes known to lack the job's family (an agent
     * there would only fail the same way) while another pod is left; with none left, {@link #withoutKnownGaps} fails
     * the job saying why. Slowest does not do this: tracing the second-slowest pod instead would answer another question.
     */
    private Selection anyOnACapableNode(TraceJob job, List<PodTarget> candidates) throws SelectionException {
        ProbeFamily family = job.getSpec().getProbe().getFamily();
        Map<PodTarget, NodeCapabilityMemory.Gap> gaps = capabilities.gaps(candidates, family);
        List<PodTarget> capable = candidates.stream().filter(t -> !gaps.containsKey(t)).toList();
        if (gaps.isEmpty() || capable.isEmpty()) return pickers.forJob(job).pick(job, candidates);
        Selection s = pickers.forJob(job).pick(job, capable);
        return new Selection(s.targets(), s.ranked(), s.selectedBy() + "; passed over " + Plural.pods(gaps.size())
                + " on nodes known to lack " + family + ": " + String.join(", ", gaps.keySet().stream().map(PodTarget::pod).toList()));
    }

    private UpdateControl<TraceJob> adopt(TraceJob job, List<Pod> existing) {
        TraceJobStatus s = status(job);
        s.setAgentPods(existing.stream().map(p -> p.getMetadata().getName()).toList());
        if (s.getTarget() == null || s.getTarget().getPod() == null) {
            List<PodTarget> targets = existing.stream().map(p -> Targets.fromAgentPod(p, job.getMetadata().getNamespace())).toList();
            s.setTarget(Targets.toStatus(new Selection(targets, List.of(), "recovered from the agent pods after an operator restart")));
        }
        if (s.getStartTime() == null) {
            s.setStartTime(existing.get(0).getMetadata().getCreationTimestamp() != null
                    ? existing.get(0).getMetadata().getCreationTimestamp() : recorder.now());
        }
        recorder.moveTo(job, Phase.Running, ConditionTypes.RUNNING, "AgentsAdopted",
                "found running agent pods " + s.getAgentPods() + " from before an operator restart");
        return UpdateControl.patchStatus(job);
    }

    // ---- Running: wait for every agent to finish, then record the result.

    private UpdateControl<TraceJob> running(TraceJob job) {
        TraceJobStatus s = status(job);
        if (!config.keepAgentPods()) agents.of(job, AgentRole.PRETRACE).forEach(agents::delete);
        Map<String, AgentOutcome> outcomes = new LinkedHashMap<>();
        Duration wait = null;
        List<String> names = s.getAgentPods() == null ? List.of() : s.getAgentPods();
        if (names.isEmpty()) {
            recorder.fail(job, ConditionTypes.RUNNING, FailureReasons.POD_LOST, "status says Running but names no agent pod");
            return finishedControl(job);
        }
        for (String name : names) {
            Optional<Pod> pod = agents.find(name);
            if (pod.isEmpty()) {
                outcomes.put(name, new AgentOutcome.Failed(FailureReasons.POD_LOST,
                        "agent pod " + name + " in namespace " + config.agentNamespace() + " was deleted before it reported a result"));
                slots.release(name);
                continue;
            }
            if (agents.cached(name)) slots.release(name);
            AgentOutcome o = OutcomeReader.read(pod.get());
            if (o.done()) capabilities.learnFrom(pod.get(), job.getSpec().getProbe().getFamily());
            if (!o.done() && "Pending".equals(((AgentOutcome.InProgress) o).state())) {
                Duration left = startTimeLeft(pod.get());
                if (left.isZero()) {
                    o = new AgentOutcome.Failed(FailureReasons.NOT_STARTED, "agent pod " + name + " did not start on node "
                            + pod.get().getSpec().getNodeName() + " within " + KubeDuration.format(config.agentStartTimeout())
                            + "; is the node still there?");
                } else if (wait == null || left.compareTo(wait) < 0) {
                    wait = left;
                }
            }
            outcomes.put(name, o);
        }
        if (outcomes.values().stream().anyMatch(o -> !o.done())) {
            return wait == null ? UpdateControl.noUpdate() : UpdateControl.<TraceJob>noUpdate().rescheduleAfter(wait);
        }
        return complete(job, outcomes);
    }

    private Duration startTimeLeft(Pod pod) {
        String created = pod.getMetadata().getCreationTimestamp();
        if (created == null) return config.agentStartTimeout();
        Duration age = Duration.between(Instant.parse(created), clock.instant());
        Duration left = config.agentStartTimeout().minus(age);
        return left.isNegative() ? Duration.ZERO : left.plusMillis(100);
    }

    private UpdateControl<TraceJob> complete(TraceJob job, Map<String, AgentOutcome> outcomes) {
        List<PerPod.Agent> ran = outcomes.entrySet().stream().map(e -> agentOf(job, e.getKey(), e.getValue())).toList();
        TraceJobStatus s = status(job);
        // Pick All only: for Slowest and Any the one pod's figures are status.result and status.target names it.
        if (job.getSpec().getTarget().getPick() == Pick.All) s.setPerPod(PerPod.of(ran));
        Map<String, Result> results = new LinkedHashMap<>();
        List<AgentOutcome.Failed> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean partial = false;
        for (PerPod.Agent a : ran) {
            String target = a.pod() == null ? a.agentPod() : a.pod();
            if (a.outcome() instanceof AgentOutcome.Finished f) {
                results.put(target, f.result());
                partial |= f.partial();
                if (f.note() != null) notes.add(target + ": " + f.note());
            } else if (a.outcome() instanceof AgentOutcome.Failed f) {
                failures.add(f);
                metrics.agentFailed(f.reason());
                LOG.info("agent pod {} of TraceJob {}/{} failed: {} {}", a.agentPod(), job.getMetadata().getNamespace(),
                        job.getMetadata().getName(), f.reason(), f.message());
            }
        }
        if (results.isEmpty()) {
            AgentOutcome.Failed first = failures.get(0);
            String message = failures.size() == 1 ? first.message()
                    : first.message() + " (and " + (failures.size() - 1) + " more agent failures)";
            recorder.fail(job, ConditionTypes.RUNNING, first.reason(), message);
            return finishedControl(job);
        }
        Result merged;
        try {
            merged = ResultMerger.merge(results);
        } catch (IllegalArgumentException e) {
            recorder.fail(job, ConditionTypes.RUNNING, "ResultUnreadable", e.getMessage());
            return finishedControl(job);
        }
        List<String> warnings = new ArrayList<>(merged.getWarnings() == null ? List.of() : merged.getWarnings());
        failures.forEach(f -> warnings.add(f.reason() + ": " + f.message()));
        warnings.addAll(notes);
        merged.setWarnings(warnings);
        s.setResult(merged);
        s.setDisplay(StatusRecorder.display(merged, job.getSpec().getProbe().getMeasure()));
        boolean incomplete = partial || !failures.isEmpty();
        String summary = merged.getCount() + " calls from " + String.join(", ", results.keySet())
                + (s.getDisplay().getP99() == null ? "" : ", p99 " + s.getDisplay().getP99())
                + (incomplete ? " (partial: " + String.join("; ", notes.isEmpty() ? failures.stream().map(f -> f.reason()).toList() : notes) + ")" : "");
        recorder.moveTo(job, Phase.Succeeded, ConditionTypes.COMPLETE, incomplete ? "PartialResult" : "Completed", summary);
        return finishedControl(job);
    }

    /**
     * The agent pod with its target pod and node, from the pod's annotations; a pod deleted before it reported is
     * matched to its target by its deterministic name.
     */
    private PerPod.Agent agentOf(TraceJob job, String agentPod, AgentOutcome outcome) {
        Optional<Pod> pod = agents.find(agentPod);
        if (pod.isPresent()) {
            String node = AgentLabels.annotation(pod.get(), AgentLabels.TARGET_NODE);
            return new PerPod.Agent(agentPod, AgentLabels.annotation(pod.get(), AgentLabels.TARGET_POD),
                    node != null ? node : pod.get().getSpec().getNodeName(), outcome);
        }
        TargetStatus t = status(job).getTarget();
        String target = t == null || t.getPod() == null ? null : Arrays.stream(t.getPod().split(","))
                .filter(p -> AgentPodFactory.podName(job, AgentRole.TRACE, p).equals(agentPod)).findFirst().orElse(null);
        return new PerPod.Agent(agentPod, target, null, outcome);
    }

    // ---- Succeeded / Failed: remove agent pods, then the TraceJob itself after its TTL.

    private UpdateControl<TraceJob> finished(TraceJob job) {
        if (!config.keepAgentPods()) agents.allOf(job).forEach(agents::delete);
        slots.forget(ticket(job));
        Duration left = ttlLeft(job);
        if (left.isZero()) {
            LOG.info("deleting TraceJob {}/{}: ttlSecondsAfterFinished={} elapsed", job.getMetadata().getNamespace(),
                    job.getMetadata().getName(), job.getSpec().getTtlSecondsAfterFinished());
            client.resource(job).delete();
            return UpdateControl.noUpdate();
        }
        return UpdateControl.<TraceJob>noUpdate().rescheduleAfter(left);
    }

    /** After the status patch, come back when agent pods can go and when the TTL runs out. */
    private UpdateControl<TraceJob> finishedControl(TraceJob job) {
        slots.forget(ticket(job));
        // Status changes raise no event of their own: come straight back for the finished pass (pod removal, TTL),
        // which then runs on the recorded status.
        return UpdateControl.patchStatus(job).rescheduleAfter(Duration.ofMillis(1));
    }

    private Duration ttlLeft(TraceJob job) {
        String done = job.getStatus() == null ? null : job.getStatus().getCompletionTime();
        Instant end = done == null ? clock.instant() : Instant.parse(done);
        Duration left = Duration.between(clock.instant(), end.plusSeconds(job.getSpec().getTtlSecondsAfterFinished()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    static NodeSlots.Ticket ticket(TraceJob job) {
        String created = job.getMetadata().getCreationTimestamp() == null ? "" : job.getMetadata().getCreationTimestamp();
        return new NodeSlots.Ticket(created, job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
    }
}

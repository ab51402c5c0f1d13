package io.tracejob.operator.reconciler;

import static io.tracejob.operator.status.StatusRecorder.phase;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnAddFilter;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.guards.ArrivalOrder;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.killswitch.TracingPause;
import io.tracejob.operator.metrics.OperatorMetrics;
import io.tracejob.operator.selection.Pickers;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a TraceJob through Pending → Selecting → Running → Succeeded | Failed. Only dispatches:
 * each pass observes the job (status, and agent pods from the cache), hands it to the handler of
 * its phase ({@link PhaseHandlers}), writes the status if the handler changed it, and comes back
 * when the handler asks; a deleted job goes to the {@link CleanupHandler}.
 */
@ControllerConfiguration(name = TraceJobReconciler.NAME)
public class TraceJobReconciler implements Reconciler<TraceJob>, Cleaner<TraceJob> {
    public static final String NAME = "tracejob";
    private static final Logger LOG = LoggerFactory.getLogger(TraceJobReconciler.class);

    private final OperatorConfig config;
    private final AgentPods agents;
    private final StatusRecorder recorder;
    private final PhaseHandlers handlers;
    private final CleanupHandler cleanup;
    private final TracingPause pause;
    private final Pickers pickers;
    private final MemoryRebuild rebuild;
    private final ArrivalOrder arrivals;

    public TraceJobReconciler(
            KubernetesClient client,
            OperatorConfig config,
            Pickers pickers,
            StatusRecorder recorder,
            OperatorMetrics metrics,
            Clock clock,
            TracingPause pause) {
        this.config = config;
        this.pause = pause;
        this.pickers = pickers;
        this.agents = new AgentPods(client, config);
        NodeSlots slots = new NodeSlots(config.maxAgentsPerNode());
        // What agents learn of their nodes is shared by the phases that start agents and those that
        // read them.
        NodeCapabilityMemory capabilities =
                new NodeCapabilityMemory(config.nodeCapabilityTtl(), clock);
        this.rebuild = new MemoryRebuild(slots, capabilities);
        this.arrivals = new ArrivalOrder(clock);
        this.recorder = recorder;
        this.handlers =
                new PhaseHandlers(
                        client,
                        config,
                        pickers,
                        recorder,
                        metrics,
                        clock,
                        agents,
                        slots,
                        capabilities,
                        arrivals,
                        pause);
        this.cleanup = new CleanupHandler(agents, slots);
    }

    /**
     * JOSDK's on-add filter of the TraceJob informer: stamps each new job as its event arrives, in
     * creation order ({@link ArrivalOrder}); filters nothing.
     */
    public OnAddFilter<TraceJob> arrivalStamps() {
        return arrivals::arrived;
    }

    @Override
    public List<EventSource<?, TraceJob>> prepareEventSources(
            EventSourceContext<TraceJob> context) {
        var cfg =
                InformerEventSourceConfiguration.from(Pod.class, TraceJob.class)
                        .withName("agent-pods")
                        .withNamespaces(Set.of(config.agentNamespace()))
                        .withLabelSelector(AgentLabels.SELECTOR)
                        .withSecondaryToPrimaryMapper(
                                pod -> {
                                    String ns =
                                            AgentLabels.annotation(pod, AgentLabels.JOB_NAMESPACE);
                                    String name = AgentLabels.annotation(pod, AgentLabels.JOB_NAME);
                                    return ns == null || name == null
                                            ? Set.of()
                                            : Set.of(new ResourceID(name, ns));
                                })
                        .build();
        InformerEventSource<Pod, TraceJob> source = new InformerEventSource<>(cfg, context);
        agents.attach(source);
        // a Prometheus answer (slowestBy.prometheus, asked off this thread) brings its job back
        var answers = new SimpleInboundEventSource<TraceJob>("prometheus-answers");
        pickers.prometheus().queries().listen(answers::propagateEvent);
        return List.of(source, killSwitch(context), answers);
    }

    /**
     * The kill switch's ConfigMap: a change is an event of every TraceJob (each stops, waits or
     * resumes), and {@link TracingPause} reads it from this cache.
     */
    private EventSource<ConfigMap, TraceJob> killSwitch(EventSourceContext<TraceJob> context) {
        var cfg =
                InformerEventSourceConfiguration.from(ConfigMap.class, TraceJob.class)
                        .withName("kill-switch")
                        .withNamespaces(Set.of(config.operatorNamespace()))
                        .withSecondaryToPrimaryMapper(
                                cm ->
                                        TracingPause.CONFIG_MAP.equals(cm.getMetadata().getName())
                                                ? context.getPrimaryCache()
                                                        .list()
                                                        .map(ResourceID::fromResource)
                                                        .collect(Collectors.toSet())
                                                : Set.of())
                        .build();
        InformerEventSource<ConfigMap, TraceJob> source = new InformerEventSource<>(cfg, context);
        ResourceID id = new ResourceID(TracingPause.CONFIG_MAP, config.operatorNamespace());
        pause.attach(() -> source.get(id));
        return source;
    }

    @Override
    public UpdateControl<TraceJob> reconcile(TraceJob job, Context<TraceJob> context) {
        rebuild.ensure(() -> context.getPrimaryCache().list().toList());
        String before = StatusRecorder.snapshot(job);
        Phase from = phase(job);
        Next next = handlers.forPhase(from).handle(job);
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{}/{}: {} -> {} {}",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName(),
                    from == null ? "new" : from,
                    phase(job),
                    job.getStatus() == null ? "" : job.getStatus().getMessage());
        }
        recorder.saveIfChanged(job, context, before);
        UpdateControl<TraceJob> control = UpdateControl.noUpdate();
        next.after().ifPresent(control::rescheduleAfter);
        return control;
    }

    /**
     * An exception escaped a pass (API server refused a pod, say). JOSDK retries; after the last
     * attempt the job fails with the error as its message rather than staying in its phase forever.
     */
    @Override
    public ErrorStatusUpdateControl<TraceJob> updateErrorStatus(
            TraceJob job, Context<TraceJob> context, Exception e) {
        boolean last = context.getRetryInfo().map(r -> r.isLastAttempt()).orElse(true);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        LOG.warn(
                "TraceJob {}/{}: {} (cause: {}; last attempt: {})",
                job.getMetadata().getNamespace(),
                job.getMetadata().getName(),
                e.getMessage(),
                root,
                last);
        if (!last || phase(job) == Phase.Succeeded || phase(job) == Phase.Failed) {
            return ErrorStatusUpdateControl.defaultErrorProcessing();
        }
        recorder.fail(
                job,
                null,
                EventReason.OPERATOR_ERROR,
                "the operator could not proceed: " + e.getMessage());
        return ErrorStatusUpdateControl.patchStatus(job);
    }

    @Override
    public DeleteControl cleanup(TraceJob job, Context<TraceJob> context) {
        rebuild.ensure(() -> context.getPrimaryCache().list().toList());
        arrivals.forget(job);
        cleanup.cleanup(job);
        return DeleteControl.defaultDelete();
    }
}

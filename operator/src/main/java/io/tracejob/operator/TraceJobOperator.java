package io.tracejob.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.config.PrometheusSettings;
import io.tracejob.operator.killswitch.TracingPause;
import io.tracejob.operator.metrics.OperatorMetrics;
import io.tracejob.operator.metrics.ScheduleMetrics;
import io.tracejob.operator.prometheus.PrometheusClient;
import io.tracejob.operator.prometheus.PrometheusQueries;
import io.tracejob.operator.reconciler.TraceJobReconciler;
import io.tracejob.operator.schedule.ScheduleTriggers;
import io.tracejob.operator.schedule.TraceScheduleReconciler;
import io.tracejob.operator.selection.Pickers;
import io.tracejob.operator.selection.PrometheusPicker;
import io.tracejob.operator.status.EventRecorder;
import io.tracejob.operator.status.StatusRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JOSDK {@link Operator} wired with the TraceJob reconciler; the same assembly runs in
 * production and tests.
 */
public final class TraceJobOperator implements AutoCloseable {
    private final Operator operator;
    private final EventRecorder events;
    private final TracingPause pause;
    private final PrometheusClient prometheus;
    private final AtomicBoolean closing = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger(TraceJobOperator.class);

    public TraceJobOperator(
            KubernetesClient client, OperatorConfig config, MeterRegistry registry, Clock clock) {
        PrometheusSettings p = config.prometheus();
        prometheus =
                PrometheusClient.of(p.allowedUrls(), p.allowAny(), p.credentialsDir(), p.timeout());
        Pickers pickers =
                new Pickers(
                        client,
                        new PrometheusPicker(new PrometheusQueries<>(prometheus), p.retryFor()));
        this.operator =
                new Operator(
                        o -> {
                            o.withKubernetesClient(client)
                                    .withCloseClientOnStop(false)
                                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                                    .withMetrics(
                                            MicrometerMetrics.withoutPerResourceMetrics(registry))
                                    // The operator is the only writer of TraceJob status: a plain
                                    // JSON patch is enough, and it
                                    // behaves the same against the test API server as against a
                                    // real one.
                                    .withUseSSAToPatchPrimaryResource(false)
                                    .withSSABasedCreateUpdateMatchForDependentResources(false);
                            if (config.leaderElection()) {
                                // JOSDK's own exit-on-stop-leading calls System.exit also when we
                                // stop on purpose, which blocks
                                // forever inside a shutdown hook; exit only when leadership is lost
                                // while running.
                                o.withLeaderElectionConfiguration(
                                        new LeaderElectionConfiguration(
                                                config.leaseName(),
                                                config.operatorNamespace(),
                                                Duration.ofSeconds(15),
                                                Duration.ofSeconds(10),
                                                Duration.ofSeconds(2),
                                                config.podName(),
                                                new LeaderCallbacks(
                                                        () ->
                                                                LOG.info(
                                                                        "leading (Lease {}/{})",
                                                                        config.operatorNamespace(),
                                                                        config.leaseName()),
                                                        this::lostLeadership,
                                                        leader -> {}),
                                                false));
                            }
                        });
        OperatorMetrics metrics = new OperatorMetrics(registry);
        events = new EventRecorder(client, "tracejob-operator");
        StatusRecorder recorder = new StatusRecorder(events, metrics, clock);
        pause = new TracingPause(clock);
        metrics.killSwitch(pause::paused);
        // After the last retry the reconciler fails the TraceJob (OperatorError) instead of leaving
        // it in its phase.
        TraceJobReconciler jobs =
                new TraceJobReconciler(client, config, pickers, recorder, metrics, clock, pause);
        operator.register(
                jobs,
                o -> {
                    o.withOnAddFilter(jobs.arrivalStamps());
                    o.withRetry(
                            new GenericRetry()
                                    .setMaxAttempts(config.reconcileRetries())
                                    .setInitialInterval(config.reconcileRetryInterval())
                                    .setIntervalMultiplier(1.5));
                    if (!config.watchNamespaces().isEmpty())
                        o.settingNamespaces(config.watchNamespaces());
                });
        // TraceSchedules: TraceJobs from a template at cron times (schedule package), held while
        // the kill switch is paused (the TraceJob reconciler's informer keeps the switch current).
        operator.register(
                new TraceScheduleReconciler(
                        client,
                        new ScheduleMetrics(registry),
                        clock,
                        config.waitRecheck(),
                        pause,
                        new ScheduleTriggers(new PrometheusQueries<>(prometheus), p.retryFor()),
                        events),
                o -> {
                    if (!config.watchNamespaces().isEmpty())
                        o.settingNamespaces(config.watchNamespaces());
                });
    }

    private void lostLeadership() {
        if (closing.get()) return;
        LOG.error("lost leadership; exiting so that two operators never reconcile at once");
        new Thread(() -> System.exit(1), "exit").start();
    }

    /**
     * The cluster-wide kill switch, as the TraceJob controller reads it: other controllers (the
     * TraceSchedule's) hold their work while {@link TracingPause#paused()}.
     */
    public TracingPause tracingPause() {
        return pause;
    }

    public void start() {
        operator.start();
    }

    public boolean started() {
        return operator.getRuntimeInfo().isStarted();
    }

    public boolean healthy() {
        return operator.getRuntimeInfo().isStarted()
                && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    @Override
    public void close() {
        closing.set(true);
        operator.stop();
        events.close();
        prometheus.close();
    }
}

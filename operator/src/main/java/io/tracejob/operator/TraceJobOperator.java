package io.tracejob.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.metrics.OperatorMetrics;
import io.tracejob.operator.reconciler.TraceJobReconciler;
import io.tracejob.operator.selection.Pickers;
import io.tracejob.operator.status.EventRecorder;
import io.tracejob.operator.status.StatusRecorder;

import java.time.Clock;

/** The JOSDK {@link Operator} wired with the TraceJob reconciler; the same assembly runs in production and tests. */
public final class TraceJobOperator implements AutoCloseable {
    private final Operator operator;
    private final EventRecorder events;

    public TraceJobOperator(KubernetesClient client, OperatorConfig config, MeterRegistry registry, Clock clock) {
        this(client, config, registry, clock, Pickers.standard(client));
    }

    public TraceJobOperator(KubernetesClient client, OperatorConfig config, MeterRegistry registry, Clock clock,
                            Pickers pickers) {
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    // The operator is the only writer of TraceJob status: a plain JSON patch is enough, and it
                    // behaves the same against the test API server as against a real one.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false);
            if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                        new LeaderElectionConfiguration(config.leaseName(), config.operatorNamespace()));
            }
        });
        OperatorMetrics metrics = new OperatorMetrics(registry);
        events = new EventRecorder(client, "tracejob-operator");
        StatusRecorder recorder = new StatusRecorder(events, metrics, clock);
        operator.register(new TraceJobReconciler(client, config, pickers, recorder, metrics, clock));
    }

    public void start() {
        operator.start();
    }

    public boolean started() {
        return operator.getRuntimeInfo().isStarted();
    }

    public boolean healthy() {
        return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    @Override
    public void close() {
        operator.stop();
        events.close();
    }
}

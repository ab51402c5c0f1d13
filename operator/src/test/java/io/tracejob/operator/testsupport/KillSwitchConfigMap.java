package io.tracejob.operator.testsupport;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.operator.killswitch.TracingPause;
import java.util.Map;

/** The kill switch's ConfigMap in the operator namespace, as the chart and the on-call write it. */
public final class KillSwitchConfigMap {
    private KillSwitchConfigMap() {}

    /** As the chart installs it: no data, released. */
    public static void install(KubernetesClient client) {
        client.configMaps()
                .inNamespace(Harness.OPERATOR_NS)
                .resource(
                        new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName(TracingPause.CONFIG_MAP)
                                .endMetadata()
                                .build())
                .create();
    }

    /** What the on-call's kubectl patch does. */
    public static void set(KubernetesClient client, String paused, String reason) {
        client.configMaps()
                .inNamespace(Harness.OPERATOR_NS)
                .withName(TracingPause.CONFIG_MAP)
                .edit(
                        cm -> {
                            cm.setData(
                                    Map.of(
                                            TracingPause.PAUSED_KEY,
                                            paused,
                                            TracingPause.REASON_KEY,
                                            reason));
                            return cm;
                        });
    }
}

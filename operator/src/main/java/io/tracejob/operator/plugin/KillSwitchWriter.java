package io.tracejob.operator.plugin;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.operator.killswitch.TracingPause;
import java.util.HashMap;
import java.util.Map;

/** Flips the kill switch's ConfigMap; it must exist (the chart creates it). */
final class KillSwitchWriter {
    private KillSwitchWriter() {}

    static void set(KubernetesClient client, String namespace, boolean paused, String reason) {
        var resource = client.configMaps().inNamespace(namespace).withName(TracingPause.CONFIG_MAP);
        if (resource.get() == null) {
            throw new IllegalStateException(
                    "no ConfigMap "
                            + TracingPause.CONFIG_MAP
                            + " in namespace "
                            + namespace
                            + ": is the TraceJob operator installed there? (--operator-namespace)");
        }
        resource.edit(
                (ConfigMap cm) -> {
                    Map<String, String> data =
                            cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
                    data.put(TracingPause.PAUSED_KEY, Boolean.toString(paused));
                    data.put(TracingPause.REASON_KEY, reason);
                    cm.setData(data);
                    return cm;
                });
    }
}

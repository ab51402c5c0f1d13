package io.tracejob.operator.agentpod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * Labels and annotations on agent pods. The pods are the durable record of what the operator
 * started: after a restart they are found again by the TraceJob's uid, and the annotations say
 * which TraceJob and which target.
 */
public final class AgentLabels {
    private AgentLabels() {}

    public static final String PREFIX = "tracing.tracejob.io/";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "tracejob-operator";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String NAME_VALUE = "tracejob-agent";
    public static final String JOB_UID = PREFIX + "job-uid";
    public static final String ROLE = PREFIX + "role";

    public static final String JOB_NAMESPACE = PREFIX + "job-namespace";
    public static final String JOB_NAME = PREFIX + "job-name";
    public static final String TARGET_POD = PREFIX + "target-pod";
    public static final String TARGET_NODE = PREFIX + "target-node";
    public static final String TARGET_CONTAINER = PREFIX + "target-container";
    public static final String TARGET_CONTAINER_ID = PREFIX + "target-container-id";

    /**
     * On an agent pod the operator stopped: keeps the pod and its termination message until the
     * outcome is in status.
     */
    public static final String OUTCOME_FINALIZER = PREFIX + "outcome";

    /** Selector of every agent pod this operator manages. */
    public static final String SELECTOR =
            MANAGED_BY + "=" + MANAGED_BY_VALUE + "," + NAME + "=" + NAME_VALUE;

    public static String annotation(Pod pod, String key) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    public static String label(Pod pod, String key) {
        Map<String, String> l = pod.getMetadata().getLabels();
        return l == null ? null : l.get(key);
    }
}

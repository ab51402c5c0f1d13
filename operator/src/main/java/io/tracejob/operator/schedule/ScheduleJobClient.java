package io.tracejob.operator.schedule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tracejob.api.v1alpha1.TraceJob;
import java.net.HttpURLConnection;
import java.util.List;

/**
 * The schedule controller's only writes to TraceJobs: create a run, delete old or replaced ones.
 */
final class ScheduleJobClient {
    private final KubernetesClient client;

    ScheduleJobClient(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Creates the run; an existing job of the same name is that same run (created before a restart
     * or a lost status write), so it is not an error.
     */
    void create(TraceJob job) {
        try {
            client.resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) throw e;
        }
    }

    void delete(List<TraceJob> jobs) {
        for (TraceJob j : jobs) {
            client.resources(TraceJob.class)
                    .inNamespace(j.getMetadata().getNamespace())
                    .withName(j.getMetadata().getName())
                    .delete();
        }
    }
}

package io.tracejob.api.v1alpha1;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.BOOLEAN;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.DATE;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Creates a TraceJob from a template on a cron schedule, like a CronJob creates Jobs. */
@Group(TraceJob.GROUP)
@Version(TraceJob.VERSION)
@ShortNames("tjs")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule", type = STRING)
@AdditionalPrinterColumn(name = "Suspend", jsonPath = ".spec.suspend", type = BOOLEAN)
@AdditionalPrinterColumn(name = "Last run", jsonPath = ".status.lastScheduleTime", type = DATE)
@AdditionalPrinterColumn(name = "Last P99", jsonPath = ".status.lastP99", type = STRING)
@AdditionalPrinterColumn(name = "Vs median", jsonPath = ".status.p99VsMedian", type = STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE)
public class TraceSchedule extends CustomResource<TraceScheduleSpec, TraceScheduleStatus>
        implements Namespaced {
    public static final String KIND = "TraceSchedule";
}

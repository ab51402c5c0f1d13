package io.tracejob.operator.schedule;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.JobTemplateMetadata;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The TraceJobs of a schedule, built as values: named from the schedule and the due time (so a
 * second create of the same run is refused by the API server, never a duplicate), owned by the
 * schedule, labelled with its name.
 */
public final class ScheduledJobs {
    public static final String SCHEDULE_LABEL = "tracing.tracejob.io/schedule";
    public static final String SCHEDULED_AT = "tracing.tracejob.io/scheduled-at";

    /** On a run the trigger started (value: the trigger's kind). */
    public static final String TRIGGERED = "tracing.tracejob.io/triggered-by";

    /** Like CronJob: room for "-" and the due time in minutes within 63 characters. */
    static final int BASE_MAX = 52;

    private ScheduledJobs() {}

    /** The schedule's name, shortened with a hash when longer than {@link #BASE_MAX}. */
    public static String base(String scheduleName) {
        if (scheduleName.length() <= BASE_MAX) return scheduleName;
        return scheduleName.substring(0, BASE_MAX - 9)
                + "-"
                + UUID.nameUUIDFromBytes(scheduleName.getBytes(StandardCharsets.UTF_8))
                        .toString()
                        .substring(0, 8);
    }

    /** {@code <schedule>-<due time in minutes since the epoch>}, as CronJob names its Jobs. */
    public static String name(String scheduleName, Instant due) {
        return base(scheduleName) + "-" + due.getEpochSecond() / 60;
    }

    /**
     * A run started by the trigger at {@code firedAt}: {@code <schedule>-t<minute>}, so it never
     * takes a cron run's name and a restart within the minute cannot start it twice.
     */
    public static TraceJob buildTriggered(TraceSchedule schedule, Instant firedAt) {
        TraceJob job = build(schedule, firedAt);
        job.getMetadata()
                .setName(
                        base(schedule.getMetadata().getName())
                                + "-t"
                                + firedAt.getEpochSecond() / 60);
        job.getMetadata().getAnnotations().put(TRIGGERED, "prometheus");
        return job;
    }

    public static TraceJob build(TraceSchedule schedule, Instant due) {
        ObjectMeta owner = schedule.getMetadata();
        JobTemplateMetadata template = schedule.getSpec().getJobTemplate().getMetadata();
        Map<String, String> labels = new HashMap<>();
        Map<String, String> annotations = new HashMap<>();
        if (template != null && template.getLabels() != null) labels.putAll(template.getLabels());
        if (template != null && template.getAnnotations() != null)
            annotations.putAll(template.getAnnotations());
        labels.put(SCHEDULE_LABEL, base(owner.getName()));
        annotations.put(SCHEDULED_AT, due.toString());

        TraceJob job = new TraceJob();
        job.getMetadata().setName(name(owner.getName(), due));
        job.getMetadata().setNamespace(owner.getNamespace());
        job.getMetadata().setLabels(labels);
        job.getMetadata().setAnnotations(annotations);
        // No blockOwnerDeletion: it would need update on traceschedules/finalizers.
        OwnerReference ref =
                new OwnerReferenceBuilder()
                        .withApiVersion(schedule.getApiVersion())
                        .withKind(schedule.getKind())
                        .withName(owner.getName())
                        .withUid(owner.getUid())
                        .withController(true)
                        .build();
        job.getMetadata().getOwnerReferences().add(ref);
        job.setSpec(Serialization.clone(schedule.getSpec().getJobTemplate().getSpec()));
        return job;
    }

    /** The due time a TraceJob of a schedule was created for. */
    public static Optional<Instant> scheduledAt(TraceJob job) {
        Map<String, String> a = job.getMetadata().getAnnotations();
        String at = a == null ? null : a.get(SCHEDULED_AT);
        return at == null ? Optional.empty() : Optional.of(Instant.parse(at));
    }

    /** Whether the job of {@code owner} (by ownerReference uid). */
    public static boolean ownedBy(TraceJob job, TraceSchedule owner) {
        return job.getMetadata().getOwnerReferences().stream()
                .anyMatch(
                        r -> r.getUid() != null && r.getUid().equals(owner.getMetadata().getUid()));
    }

    public static boolean finished(TraceJob job) {
        Phase p = job.getStatus() == null ? null : job.getStatus().getPhase();
        return p == Phase.Succeeded || p == Phase.Failed;
    }
}

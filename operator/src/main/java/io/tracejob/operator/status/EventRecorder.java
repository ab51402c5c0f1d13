package io.tracejob.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core v1 Events on a TraceJob or a TraceSchedule, the lines {@code kubectl describe} shows. Sent
 * in the background, in order, like client-go's recorder: an event never slows or fails a
 * reconcile; when the API server falls behind by more than {@value #BACKLOG} events, new ones are
 * dropped (and logged). A repeated event (same object, type, reason and message) patches the count
 * and lastTimestamp of the Event already recorded (see {@link EventSeries}).
 */
public final class EventRecorder implements AutoCloseable {
    static final int BACKLOG = 10_000;

    /** Series remembered for counting repeats; client-go's correlator keeps 4096 too. */
    static final int SERIES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());

    private final KubernetesClient client;
    private final String component;
    private final EventSeries series = new EventSeries(SERIES);
    private final ThreadPoolExecutor sender =
            new ThreadPoolExecutor(
                    1,
                    1,
                    0,
                    TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(BACKLOG),
                    r -> {
                        Thread t = new Thread(r, "tracejob-events");
                        t.setDaemon(true);
                        return t;
                    },
                    (r, pool) ->
                            LOG.warn(
                                    "event dropped: {} events waiting for the API server",
                                    BACKLOG));

    public EventRecorder(KubernetesClient client, String component) {
        this.client = client;
        this.component = component;
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("stopping with {} events not recorded", sender.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public void normal(HasMetadata object, EventReason reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, EventReason reason, String message) {
        record(object, "Warning", reason, message);
    }

    /**
     * Like kubectl's: the object's name and a unique suffix, within the 253 characters a name may
     * have.
     */
    static String eventName(String objectName) {
        String base = objectName.length() > 200 ? objectName.substring(0, 200) : objectName;
        return base + "." + Long.toHexString(SEQUENCE.incrementAndGet());
    }

    private void record(HasMetadata object, String type, EventReason reason, String message) {
        String now = Instant.now().toString();
        var event =
                new EventBuilder()
                        .withNewMetadata()
                        .withNamespace(object.getMetadata().getNamespace())
                        .withName(eventName(object.getMetadata().getName()))
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(object.getApiVersion())
                        .withKind(object.getKind())
                        .withName(object.getMetadata().getName())
                        .withNamespace(object.getMetadata().getNamespace())
                        .withUid(object.getMetadata().getUid())
                        .withResourceVersion(object.getMetadata().getResourceVersion())
                        .endInvolvedObject()
                        .withType(type)
                        .withReason(reason.text())
                        .withMessage(
                                message.length() > 1024
                                        ? message.substring(0, 1021) + "..."
                                        : message)
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .withNewSource()
                        .withComponent(component)
                        .endSource()
                        .build();
        if (sender.isShutdown()) return;
        sender.execute(
                () -> {
                    try {
                        send(event);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "cannot record event {} on {} {}/{}: {}",
                                reason,
                                event.getInvolvedObject().getKind(),
                                event.getMetadata().getNamespace(),
                                event.getInvolvedObject().getName(),
                                e.getMessage());
                    }
                });
    }

    /** Creates the Event, or counts it on the one already recorded for the same series. */
    private void send(Event event) {
        EventSeries.Key key = EventSeries.Key.of(event);
        Optional<EventSeries.Seen> seen = series.lookup(key);
        if (seen.isPresent()) {
            EventSeries.Seen again =
                    new EventSeries.Seen(seen.get().eventName(), seen.get().count() + 1);
            String patch =
                    "{\"count\":"
                            + again.count()
                            + ",\"lastTimestamp\":\""
                            + event.getLastTimestamp()
                            + "\"}";
            try {
                // patched through a resource (name only) rather than withName, which would GET the
                // Event first
                Event recorded =
                        new EventBuilder()
                                .withNewMetadata()
                                .withNamespace(key.namespace())
                                .withName(again.eventName())
                                .endMetadata()
                                .build();
                client.v1()
                        .events()
                        .inNamespace(key.namespace())
                        .resource(recorded)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                series.remember(key, again);
                return;
            } catch (KubernetesClientException e) {
                // expired (Events live an hour) or deleted: start the series again with a new Event
                if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) throw e;
                series.forget(key);
            }
        }
        client.v1().events().inNamespace(key.namespace()).resource(event).create();
        series.remember(key, new EventSeries.Seen(event.getMetadata().getName(), 1));
    }
}

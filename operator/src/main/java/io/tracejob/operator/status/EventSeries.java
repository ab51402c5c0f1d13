package io.tracejob.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Events this process has recorded, so that a repeat (same object, type, reason and message)
 * raises the count of the existing Event instead of adding a line, like client-go's event
 * correlator. Bounded: the least recently seen series are forgotten first (a forgotten one simply
 * starts a new Event). Not thread-safe: only the recorder's single sender thread uses it.
 */
final class EventSeries {
    /** What makes two Events the same, as Kubernetes' own aggregation key. */
    record Key(String namespace, String uid, String type, String reason, String message) {
        static Key of(Event e) {
            return new Key(
                    e.getMetadata().getNamespace(),
                    e.getInvolvedObject().getUid(),
                    e.getType(),
                    e.getReason(),
                    e.getMessage());
        }
    }

    /** The Event recorded for a series and how many times it happened. */
    record Seen(String eventName, int count) {}

    private final Map<Key, Seen> seen;

    EventSeries(int capacity) {
        this.seen =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
                        return size() > capacity;
                    }
                };
    }

    Optional<Seen> lookup(Key key) {
        return Optional.ofNullable(seen.get(key));
    }

    void remember(Key key, Seen s) {
        seen.put(key, s);
    }

    void forget(Key key) {
        seen.remove(key);
    }
}

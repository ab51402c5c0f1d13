package io.tracejob.operator.killswitch;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide kill switch: the ConfigMap {@value #CONFIG_MAP} in the operator's namespace,
 * {@code data.paused: "true"} with a {@code data.reason}. Read from the operator's informer cache
 * on every call, so every controller (TraceJob, TraceSchedule) sees the same switch at once. A
 * value other than "true" or "false" pauses: whoever wrote it meant to act, and a kill switch that
 * fails open is worse than one that fails closed.
 */
public final class TracingPause {
    public static final String CONFIG_MAP = "tracejob-kill-switch";
    public static final String PAUSED_KEY = "paused";
    public static final String REASON_KEY = "reason";
    private static final Logger LOG = LoggerFactory.getLogger(TracingPause.class);

    private final Clock clock;
    private volatile Supplier<Optional<ConfigMap>> source = Optional::empty;
    private Instant since;
    private boolean drainRecorded;

    public TracingPause(Clock clock) {
        this.clock = clock;
    }

    /** Where the switch is read from: the operator's cache of the ConfigMap. */
    public void attach(Supplier<Optional<ConfigMap>> source) {
        this.source = source;
    }

    /** Whether tracing is paused now. */
    public boolean paused() {
        return state().paused();
    }

    /** Why, in the words of whoever paused it (with a note when the value was not understood). */
    public String reason() {
        return state().reason();
    }

    /** When this operator first saw the current pause; empty when released. */
    public synchronized Optional<Instant> since() {
        observe(state().paused());
        return Optional.ofNullable(since);
    }

    /**
     * Called after each pass while paused with whether any agent still traces: the first time none
     * does, the time from the pause to then (the last probe detached); empty otherwise.
     */
    public synchronized Optional<Duration> drained(boolean anyAgentTracing) {
        observe(state().paused());
        if (since == null || drainRecorded || anyAgentTracing) return Optional.empty();
        drainRecorded = true;
        return Optional.of(Duration.between(since, clock.instant()));
    }

    private synchronized void observe(boolean paused) {
        if (paused && since == null) {
            since = clock.instant();
            drainRecorded = false;
        } else if (!paused) {
            since = null;
        }
    }

    private Switch state() {
        Switch s = Switch.of(source.get().orElse(null));
        observe(s.paused());
        return s;
    }

    /** The switch as read from the ConfigMap. */
    record Switch(boolean paused, String reason) {
        static final Switch RELEASED = new Switch(false, "");

        static Switch of(ConfigMap cm) {
            Map<String, String> data = cm == null ? null : cm.getData();
            if (data == null) return RELEASED;
            String value = data.getOrDefault(PAUSED_KEY, "false").strip();
            String reason = data.getOrDefault(REASON_KEY, "").strip();
            String why = reason.isEmpty() ? "no reason given" : reason;
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "false", "" -> RELEASED;
                case "true" -> new Switch(true, why);
                default -> {
                    LOG.warn(
                            "ConfigMap {}: data.{} is \"{}\", not \"true\" or \"false\"; treated as"
                                    + " paused",
                            CONFIG_MAP,
                            PAUSED_KEY,
                            value);
                    yield new Switch(
                            true,
                            why
                                    + " (data."
                                    + PAUSED_KEY
                                    + " of ConfigMap "
                                    + CONFIG_MAP
                                    + " is \""
                                    + value
                                    + "\", not \"true\" or \"false\": treated as paused)");
                }
            };
        }
    }
}

package io.tracejob.agent.cost;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracejob.agent.calibrate.Calibration;
import io.tracejob.agent.calibrate.Calibrator;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.trace.TrapCosts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a firing of this plan's probes costs on the node the agent runs on, and where that figure
 * comes from: this node's cached measurement for the plan's attach class and measure, if under an
 * hour old; else a quick measurement now, with the same programs at a site of the same class in the
 * bundled target (then cached for later agents); else the fallback constants, saying why. The
 * source goes into the Result ({@code overhead.costSource}).
 */
public final class NodeCosts {
    private NodeCosts() {}

    /** how much of a failure's message the source carries (the Result must fit 4096 bytes) */
    static final int REASON_CHARS = 160;

    public static TrapCosts forPlan(ProbePlan plan, CostCache cache, PrintStream out) {
        String key = TrapCosts.key(plan.attachClass(), plan.measure());
        Optional<JsonNode> cached = cache.read();
        if (cached.isPresent()
                && cached.get().path("nanosPerFiring").has(key)
                && fresh(cached.get().path("measuredAt").path(key).asText())) {
            return fromCache(
                    cached.get(),
                    "cached measurement of this node ("
                            + cached.get().path("measuredAt").path(key).asText()
                            + ")");
        }
        long started = System.nanoTime();
        Optional<Calibration> measured;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            measured = Calibrator.quick(key, new PrintStream(log, true, StandardCharsets.UTF_8));
        } catch (IOException | UnsupportedProbeException | RuntimeException e) {
            return fallback("the quick calibration failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback("the quick calibration was interrupted");
        }
        if (measured.isEmpty()) {
            return cached.isPresent() && cached.get().path("nanosPerFiring").has(plan.attachClass())
                    ? fromCache(
                            cached.get(),
                            "cached measurement of this node's " + plan.attachClass() + " sites")
                    : fallback("no bundled calibration site measures " + key);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String source =
                String.format(Locale.ROOT, "measured on this node at start (%.1f s)", seconds);
        try {
            JsonNode all = cache.merge(measured.get());
            return new TrapCosts(TrapCosts.parse(all, cache.file().toString()), source, true);
        } catch (IOException e) {
            out.printf(
                    "the measured cost per firing was not cached in %s: %s%n",
                    cache.file(), e.getMessage());
            return new TrapCosts(measured.get().nanosPerFiringWithDefaults(), source, true);
        }
    }

    /**
     * A node's cost per firing moves with its load: a measurement older than this is taken again,
     * so a figure taken in a busy hour does not price a quiet one.
     */
    static final java.time.Duration MAX_AGE = java.time.Duration.ofHours(1);

    static boolean fresh(String measuredAt) {
        try {
            return java.time.Instant.parse(measuredAt)
                    .isAfter(java.time.Instant.now().minus(MAX_AGE));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static TrapCosts fromCache(JsonNode root, String source) {
        try {
            return new TrapCosts(TrapCosts.parse(root, "cost cache"), source, true);
        } catch (IOException e) {
            return fallback("the cached figures could not be read: " + e.getMessage());
        }
    }

    private static TrapCosts fallback(String reason) {
        String r =
                reason.length() > REASON_CHARS ? reason.substring(0, REASON_CHARS) + "…" : reason;
        return new TrapCosts(TrapCosts.defaults().nanosPerFiring(), TrapCosts.FALLBACK + ": " + r);
    }
}

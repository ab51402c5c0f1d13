package io.tracejob.agent.bpftrace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.agent.histogram.HdrLayout;
import java.util.Iterator;
import java.util.Map;

/**
 * What bpftrace's {@code -f json} output says, one line at a time. The lines used look alike in
 * 0.17 and later releases: {@code {"type": "attached_probes", "data": {"probes": N}}} and, per map
 * at exit, {@code {"type": "map", "data": {"@h": {"12": 3, ...}}}} (a keyed map) or {@code {"data":
 * {"@over": 5}}} (a scalar count). Lines of other types and non-JSON lines are ignored.
 */
final class BpftraceOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HdrLayout layout;
    private final long[] counts;
    private long over;
    private long inFlight;
    private long oldestStart = Long.MAX_VALUE;
    private int attachedProbes = -1;
    private boolean mapsSeen;
    private String badIndex;

    BpftraceOutput(HdrLayout layout) {
        this.layout = layout;
        this.counts = new long[layout.length()];
    }

    /** Consumes one stdout line; true when it was the attach announcement. */
    synchronized boolean accept(String line) {
        String t = line.trim();
        if (!t.startsWith("{")) return false;
        JsonNode n;
        try {
            n = JSON.readTree(t);
        } catch (Exception e) {
            return false;
        }
        String type = n.path("type").asText();
        JsonNode data = n.path("data");
        if ("attached_probes".equals(type)) {
            attachedProbes = data.path("probes").asInt();
            return true;
        }
        if (!"map".equals(type)) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            mapsSeen = true;
            switch (e.getKey()) {
                case "@h" ->
                        e.getValue()
                                .fields()
                                .forEachRemaining(
                                        kv -> addCount(kv.getKey(), kv.getValue().asLong()));
                case "@over" -> over += e.getValue().asLong();
                case "@s" ->
                        e.getValue()
                                .fields()
                                .forEachRemaining(
                                        kv -> {
                                            inFlight++;
                                            oldestStart =
                                                    Math.min(oldestStart, kv.getValue().asLong());
                                        });
                default -> {}
            }
        }
        return false;
    }

    private void addCount(String key, long n) {
        int i;
        try {
            i = Integer.parseInt(key.trim());
        } catch (NumberFormatException e) {
            i = -1;
        }
        if (i < 0 || i >= counts.length) {
            // the program clamps, so this means a program/layout mismatch: keep the evidence, do
            // not guess
            if (badIndex == null) badIndex = key;
            return;
        }
        counts[i] += n;
    }

    synchronized long[] counts() {
        return counts.clone();
    }

    synchronized long over() {
        return over;
    }

    synchronized long inFlight() {
        return inFlight;
    }

    /** bpftrace {@code nsecs} (CLOCK_MONOTONIC) of the oldest unfinished call, or empty. */
    synchronized java.util.OptionalLong oldestStart() {
        return inFlight == 0
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(oldestStart);
    }

    synchronized int attachedProbes() {
        return attachedProbes;
    }

    synchronized boolean mapsSeen() {
        return mapsSeen;
    }

    /** A histogram key outside {@code [0, layout.length())}, or null. */
    synchronized String badIndex() {
        return badIndex;
    }

    HdrLayout layout() {
        return layout;
    }
}

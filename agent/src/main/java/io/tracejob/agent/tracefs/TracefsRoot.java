package io.tracejob.agent.tracefs;

import io.tracejob.agent.proc.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place that knows where tracefs is. The capability report, the tracepoint planner, perf
 * events and the bpftrace checks all ask here, so they cannot disagree on a node where tracefs sits
 * somewhere unusual: first a tracefs mount listed in this process's mountinfo, then the two places
 * kernels mount it by default. A directory counts only when it has the tracefs layout ({@code
 * events/}), so an empty mount point is not taken.
 */
public final class TracefsRoot {
    /**
     * Where tracefs is mounted by default since 4.1, and where older nodes have it (under debugfs).
     */
    public static final List<Path> DEFAULT_PLACES =
            List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));

    private TracefsRoot() {}

    /** The tracefs root this process sees, if tracefs is mounted. */
    public static Optional<Path> find() {
        return firstWithEvents(places(Mounts.ofThisProcess()));
    }

    /** The tracefs root, or an error that says where it was looked for and how to mount it. */
    public static Path require() throws TracefsMissingException {
        return require(places(Mounts.ofThisProcess()));
    }

    /** Where to look, in order: the tracefs mounts listed in mountinfo, then the default places. */
    static List<Path> places(Mounts mounts) {
        List<Path> places = new ArrayList<>();
        for (Mounts.Mount m : mounts.ofType("tracefs")) places.add(Path.of(m.point()));
        for (Path p : DEFAULT_PLACES) if (!places.contains(p)) places.add(p);
        return places;
    }

    static Path require(List<Path> places) throws TracefsMissingException {
        return firstWithEvents(places)
                .orElseThrow(
                        () ->
                                new TracefsMissingException(
                                        "tracefs is not mounted (no events/ under "
                                                + places.stream()
                                                        .map(Path::toString)
                                                        .collect(Collectors.joining(" nor "))
                                                + "), which tracepoint probes need; mount it with `mount -t tracefs nodev /sys/kernel/tracing` "
                                                + "(in a pod: a hostPath volume of /sys/kernel/tracing); uprobes and USDT work without it"));
    }

    private static Optional<Path> firstWithEvents(List<Path> places) {
        return places.stream().filter(p -> Files.isDirectory(p.resolve("events"))).findFirst();
    }

    /**
     * {@code events/} of the tracefs root, or of the default place when tracefs is not mounted
     * (lookups then fail).
     */
    public static Path eventsOrDefault() {
        return find().orElse(DEFAULT_PLACES.get(0)).resolve("events");
    }
}

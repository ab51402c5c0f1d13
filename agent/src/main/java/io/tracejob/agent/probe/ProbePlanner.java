package io.tracejob.agent.probe;

import io.tracejob.agent.elf.AttachPoint;
import io.tracejob.agent.elf.AttachSite;
import io.tracejob.agent.elf.ElfFile;
import io.tracejob.agent.elf.ResolvedSymbol;
import io.tracejob.agent.elf.SymbolResolver;
import io.tracejob.agent.programs.KeySource;
import io.tracejob.agent.tracefs.Tracefs;
import io.tracejob.agent.tracefs.TracepointField;
import io.tracejob.agent.tracefs.TracepointInfo;
import io.tracejob.agent.usdt.UsdtNotes;
import io.tracejob.agent.usdt.UsdtSite;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.TracepointPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a validated {@link Probe} into a {@link ProbePlan}: symbols become file offsets, USDT names
 * become note sites, tracepoint names become ids and field offsets. Runs before anything touches
 * the kernel, so every lookup error reaches the user before a program or event exists.
 */
public final class ProbePlanner {
    private ProbePlanner() {}

    /**
     * @param root the filesystem the target sees: {@code /proc/PID/root} for a running process, so
     *     the binary opened is the one the process maps, also inside a container
     */
    public static ProbePlan plan(Probe probe, Path root)
            throws IOException, UnsupportedProbeException {
        return plan(probe, underRoot(root));
    }

    /** Opens binaries under {@code root} (see {@link #plan(Probe, Path)}). */
    public static BinaryLocator underRoot(Path root) {
        return binary -> {
            Path p = root.resolve(binary.substring(1));
            if (!Files.isRegularFile(p)) {
                throw new IOException(
                        "spec.probe.binary: "
                                + binary
                                + " does not exist in the target's filesystem (looked at "
                                + p
                                + ")");
            }
            return p;
        };
    }

    /**
     * Opens {@code spec.probe.binary} through {@code binaries} — e.g. inside a container's root.
     */
    public static ProbePlan plan(Probe probe, BinaryLocator binaries)
            throws IOException, UnsupportedProbeException {
        return switch (probe.getFamily()) {
            case Uprobe -> uprobe(probe, binaries);
            case Usdt -> usdt(probe, binaries);
            case Tracepoint -> tracepoint(probe);
            // Engines.forFamily sends these to the bpftrace engine, which checks the node first;
            // never planned here.
            case Kprobe, Kfunc ->
                    throw new UnsupportedProbeException(
                            "spec.probe.family: "
                                    + probe.getFamily()
                                    + " probes run through bpftrace, not the native engine's planner");
        };
    }

    /** Where the target's {@code spec.probe.binary} is, as a path this agent can open. */
    @FunctionalInterface
    public interface BinaryLocator {
        Path locate(String absoluteBinary) throws IOException;
    }

    private static ProbePlan uprobe(Probe probe, BinaryLocator binaries)
            throws IOException, UnsupportedProbeException {
        Measure measure = measureOf(probe);
        if (measure == Measure.Value) {
            throw new UnsupportedProbeException(
                    "spec.probe.measure: Value histograms a tracepoint field; use Latency or Count for a uprobe");
        }
        Path bin = binaries.locate(probe.getBinary());
        List<String> warnings = new ArrayList<>();
        try (ElfFile elf = ElfFile.open(bin)) {
            if (measure == Measure.Latency && elf.isGoBinary()) {
                throw new UnsupportedProbeException(
                        "spec.probe.function: "
                                + probe.getBinary()
                                + " is a Go binary; a return probe rewrites return addresses on the goroutine stack and corrupts Go programs, so Latency is refused — use measure: Count, or a USDT/tracepoint pair");
            }
            long extra = probe.getOffset() == null ? 0 : probe.getOffset();
            ResolvedSymbol sym =
                    SymbolResolver.resolve(elf, "spec.probe.function", probe.getFunction(), extra);
            // An explicit offset is checked too: it must start an instruction, and a 5-byte nop
            // there is moved past.
            AttachPoint ap = AttachSite.choose(elf, sym);
            long offset = ap.fileOffset();
            String cls = ap.cls().name();
            String where =
                    ap.description() + (extra == 0 ? "" : " (spec.probe.offset " + extra + ")");
            if (extra != 0 && measure == Measure.Latency) {
                warnings.add(
                        "spec.probe.offset is set: the return probe sits at that offset too, which is only right while the stack is unchanged there");
            }
            List<Site> sites = new ArrayList<>();
            if (measure == Measure.Latency) {
                sites.add(new Site.Uprobe(Role.START, bin, offset, false, 0));
                sites.add(new Site.Uprobe(Role.END, bin, offset, true, 0));
            } else {
                sites.add(new Site.Uprobe(Role.EVENT, bin, offset, false, 0));
            }
            String point =
                    "uprobe "
                            + probe.getBinary()
                            + ":"
                            + sym.name()
                            + " (file offset 0x"
                            + Long.toHexString(offset)
                            + ") "
                            + where;
            return new ProbePlan(
                    measure,
                    sites,
                    KeySource.thread(),
                    KeySource.thread(),
                    cls,
                    point,
                    null,
                    warnings);
        }
    }

    private static ProbePlan usdt(Probe probe, BinaryLocator binaries)
            throws IOException, UnsupportedProbeException {
        Measure measure = measureOf(probe);
        var usdt = probe.getUsdt();
        Path bin = binaries.locate(probe.getBinary());
        try (ElfFile elf = ElfFile.open(bin)) {
            List<Site> sites = new ArrayList<>();
            List<UsdtSite> starts =
                    UsdtNotes.find(
                            elf, "spec.probe.usdt.start", usdt.getProvider(), usdt.getStart());
            String end = usdt.getEnd();
            if (measure == Measure.Value) {
                throw new UnsupportedProbeException(
                        "spec.probe.measure: Value histograms a tracepoint field; use Latency or Count for USDT");
            }
            if (measure == Measure.Latency && (end == null || end.isEmpty())) {
                throw new UnsupportedProbeException(
                        "spec.probe.usdt.end: Latency needs an end probe (or set measure: Count for a single probe)");
            }
            Role startRole = measure == Measure.Latency ? Role.START : Role.EVENT;
            for (UsdtSite p : starts)
                sites.add(
                        new Site.Uprobe(
                                startRole, bin, p.fileOffset(), false, p.semaphoreFileOffset()));
            if (measure == Measure.Latency) {
                for (UsdtSite p :
                        UsdtNotes.find(elf, "spec.probe.usdt.end", usdt.getProvider(), end)) {
                    sites.add(
                            new Site.Uprobe(
                                    Role.END, bin, p.fileOffset(), false, p.semaphoreFileOffset()));
                }
            }
            boolean guarded = starts.stream().anyMatch(p -> p.semaphoreFileOffset() != 0);
            String point =
                    "usdt "
                            + probe.getBinary()
                            + ":"
                            + usdt.getProvider()
                            + ":"
                            + usdt.getStart()
                            + (measure == Measure.Latency ? " → " + end : "")
                            + " ("
                            + sites.size()
                            + " sites"
                            + (guarded ? ", semaphore-guarded" : "")
                            + ")";
            return new ProbePlan(
                    measure,
                    sites,
                    KeySource.thread(),
                    KeySource.thread(),
                    "USDT",
                    point,
                    null,
                    List.of());
        }
    }

    private static ProbePlan tracepoint(Probe probe) throws IOException, UnsupportedProbeException {
        Measure measure = measureOf(probe);
        TracepointPair tp = probe.getTracepoint();
        TracepointInfo start = find("spec.probe.tracepoint.start", tp.getStart());
        List<Site> sites = new ArrayList<>();
        KeySource key = KeySource.thread();
        ProbePlan.ValueField value = null;
        String point;
        switch (measure) {
            case Latency -> {
                if (tp.getEnd() == null || tp.getEnd().isEmpty()) {
                    throw new UnsupportedProbeException(
                            "spec.probe.tracepoint.end: Latency needs an end tracepoint (or set measure: Count)");
                }
                TracepointInfo end = find("spec.probe.tracepoint.end", tp.getEnd());
                String keyName = tp.getKey() == null ? "thread" : tp.getKey();
                if (!"thread".equals(keyName)) {
                    TracepointField s = numericField("spec.probe.tracepoint.key", start, keyName);
                    TracepointField e = numericField("spec.probe.tracepoint.key", end, keyName);
                    // Each side reads the key at its own offset; only the width must agree for the
                    // values to pair.
                    if (s.size() != e.size()) {
                        throw new UnsupportedProbeException(
                                "spec.probe.tracepoint.key: field "
                                        + keyName
                                        + " is "
                                        + s.size()
                                        + " bytes in "
                                        + tp.getStart()
                                        + " but "
                                        + e.size()
                                        + " bytes in "
                                        + tp.getEnd());
                    }
                    sites.add(
                            new Site.Tracepoint(
                                    Role.START, start.category(), start.name(), start.id()));
                    sites.add(new Site.Tracepoint(Role.END, end.category(), end.name(), end.id()));
                    return new ProbePlan(
                            measure,
                            sites,
                            new KeySource.Field(keyName, s.offset(), s.size()),
                            new KeySource.Field(keyName, e.offset(), e.size()),
                            "Tracepoint",
                            "tracepoint "
                                    + tp.getStart()
                                    + " → "
                                    + tp.getEnd()
                                    + " paired by field "
                                    + keyName,
                            null,
                            List.of());
                }
                sites.add(
                        new Site.Tracepoint(
                                Role.START, start.category(), start.name(), start.id()));
                sites.add(new Site.Tracepoint(Role.END, end.category(), end.name(), end.id()));
                point = "tracepoint " + tp.getStart() + " → " + tp.getEnd() + " paired by thread";
            }
            case Count -> {
                sites.add(
                        new Site.Tracepoint(
                                Role.EVENT, start.category(), start.name(), start.id()));
                point = "tracepoint " + tp.getStart() + " counted";
            }
            case Value -> {
                TracepointField f =
                        numericField("spec.probe.valueField", start, probe.getValueField());
                value = new ProbePlan.ValueField(f.name(), f.offset(), f.size(), f.signed());
                sites.add(
                        new Site.Tracepoint(
                                Role.VALUE, start.category(), start.name(), start.id()));
                point = "tracepoint " + tp.getStart() + " field " + f.name() + " histogram";
            }
            default -> throw new IllegalStateException();
        }
        return new ProbePlan(measure, sites, key, key, "Tracepoint", point, value, List.of());
    }

    private static TracepointInfo find(String field, String categoryColonName) throws IOException {
        int colon = categoryColonName.indexOf(':');
        return Tracefs.find(
                field,
                categoryColonName.substring(0, colon),
                categoryColonName.substring(colon + 1));
    }

    private static TracepointField numericField(String field, TracepointInfo tp, String name)
            throws UnsupportedProbeException {
        Optional<TracepointField> f =
                tp.fields().stream().filter(x -> x.name().equals(name)).findFirst();
        if (f.isEmpty()) {
            List<String> names =
                    tp.fields().stream()
                            .map(TracepointField::name)
                            .filter(n -> !n.startsWith("common_"))
                            .toList();
            throw new UnsupportedProbeException(
                    field
                            + ": "
                            + tp.category()
                            + ":"
                            + tp.name()
                            + " has no field '"
                            + name
                            + "' (fields: "
                            + String.join(", ", names)
                            + ")");
        }
        int size = f.get().size();
        if (size != 1 && size != 2 && size != 4 && size != 8
                || f.get().type().contains("[")
                || f.get().type().contains("__data_loc")) {
            throw new UnsupportedProbeException(
                    field
                            + ": field '"
                            + name
                            + "' of "
                            + tp.category()
                            + ":"
                            + tp.name()
                            + " is "
                            + f.get().type()
                            + ", not a number of 1, 2, 4 or 8 bytes");
        }
        return f.get();
    }

    private static Measure measureOf(Probe probe) {
        return probe.getMeasure() == null ? Measure.Latency : probe.getMeasure();
    }
}

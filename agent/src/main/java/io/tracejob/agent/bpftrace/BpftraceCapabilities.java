package io.tracejob.agent.bpftrace;

import io.tracejob.agent.capabilities.FamilyChecks;
import io.tracejob.agent.capabilities.FamilySupport;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.sys.NodeIdentity;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this node offers the bpftrace path, detected once and cheaply (no probe is attached):
 * bpftrace on PATH and its version, and the node's own answer for each kernel family from {@link
 * FamilyChecks} (kprobe_events, kernel BTF, the fentry trial) — the same answer {@code
 * capabilities} reports. {@link #require} turns a missing piece into an {@link
 * UnsupportedProbeException} that names the node, the family, the cause and the next rung of the
 * escalation ladder.
 */
public final class BpftraceCapabilities {
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private final String node;
    private final Path bpftrace;
    private final String version;
    private final FamilySupport kprobe;
    private final FamilySupport kfunc;
    private final boolean uprobePmu;

    BpftraceCapabilities(
            String node,
            Path bpftrace,
            String version,
            FamilySupport kprobe,
            FamilySupport kfunc,
            boolean uprobePmu) {
        this.node = node;
        this.bpftrace = bpftrace;
        this.version = version;
        this.kprobe = kprobe;
        this.kfunc = kfunc;
        this.uprobePmu = uprobePmu;
    }

    /**
     * Detects everything on this node; takes ~0.1 s (bpftrace --version and one fentry trial load).
     */
    public static BpftraceCapabilities detect() {
        Path bt = onPath("bpftrace");
        String version = bt == null ? null : version(bt);
        return new BpftraceCapabilities(
                NodeIdentity.hostname(),
                bt,
                version,
                FamilyChecks.kprobe(),
                FamilyChecks.kfunc(),
                FamilyChecks.uprobePmuPresent());
    }

    /**
     * Families the bpftrace path can run here: Kprobe, Kfunc, and Uprobe (kept for cross-checking
     * the native engine).
     */
    public boolean available(ProbeFamily family) {
        return reasons(family).isEmpty();
    }

    /** Why {@code family} cannot run through bpftrace on this node (empty when it can). */
    public List<String> reasons(ProbeFamily family) {
        List<String> why = new ArrayList<>();
        if (bpftrace == null) why.add("bpftrace is not on the PATH");
        else if (version == null) why.add("'" + bpftrace + " --version' did not print a version");
        switch (family) {
            case Kprobe, Kfunc -> {
                FamilySupport node = support(family);
                if (!node.available()) why.add(node.reason());
            }
            case Uprobe -> {
                if (!uprobePmu) why.add("the uprobe PMU is absent (no CONFIG_UPROBE_EVENTS)");
            }
            default -> why.add(family + " is run by the native engine, not through bpftrace");
        }
        return why;
    }

    /**
     * The node's own answer for a kernel family (Kprobe, Kfunc), as {@code capabilities} reports
     * it.
     */
    public FamilySupport support(ProbeFamily family) {
        return switch (family) {
            case Kprobe -> kprobe;
            case Kfunc -> kfunc;
            default -> throw new IllegalArgumentException(family + " is not a kernel family");
        };
    }

    /**
     * Throws, with the node, family, causes and the ladder's next rung, unless {@code family} can
     * run here.
     */
    public void require(ProbeFamily family) throws UnsupportedProbeException {
        List<String> why = reasons(family);
        if (why.isEmpty()) return;
        String nextRung =
                family == ProbeFamily.Uprobe
                        ? "the native engine traces Uprobe without bpftrace"
                        : support(family).suggestion() != null
                                ? support(family).suggestion()
                                : FamilyChecks.NEXT_RUNG;
        String ladder =
                family == ProbeFamily.Uprobe ? nextRung : "next rung of the ladder: " + nextRung;
        throw UnsupportedProbeException.onNode(
                "spec.probe.family: "
                        + family
                        + " cannot run on node "
                        + node
                        + ": "
                        + String.join("; ", why)
                        + "; "
                        + ladder,
                nextRung);
    }

    public String node() {
        return node;
    }

    public Optional<Path> bpftrace() {
        return Optional.ofNullable(bpftrace);
    }

    /** e.g. "0.17.0"; null when bpftrace is missing. */
    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return "bpftrace "
                + (version == null ? "absent" : version)
                + " on node "
                + node
                + ": Kprobe "
                + (kprobe.available() ? "available" : kprobe.reason())
                + ", Kfunc "
                + (kfunc.available() ? "available" : kfunc.reason());
    }

    static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** "bpftrace v0.17.0" -> "0.17.0"; null when it cannot be run or parsed. */
    static String version(Path bpftrace) {
        try {
            Process p =
                    new ProcessBuilder(bpftrace.toString(), "--version")
                            .redirectErrorStream(true)
                            .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            Matcher m = VERSION.matcher(out);
            return m.find() ? m.group(0).replaceFirst("^v", "") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

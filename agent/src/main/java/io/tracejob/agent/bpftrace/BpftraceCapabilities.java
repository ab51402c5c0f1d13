package io.tracejob.agent.bpftrace;

import io.tracejob.agent.btf.VmlinuxBtf;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.sys.Errno;
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
 * What this node offers the bpftrace path, detected once and cheaply (no probe is attached): bpftrace on PATH
 * and its version, {@code kprobe_events} in tracefs (absent when the kernel lacks CONFIG_KPROBES), kernel BTF,
 * and whether an fentry program may be loaded ({@link FentryTrial}). {@link #require} turns a missing piece into
 * an {@link UnsupportedProbeException} that names the node, the family, the cause and the next rung of the
 * escalation ladder.
 */
public final class BpftraceCapabilities {
    static final List<Path> KPROBE_EVENTS = List.of(Path.of("/sys/kernel/tracing/kprobe_events"), Path.of("/sys/kernel/debug/tracing/kprobe_events"));
    static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing/events"), Path.of("/sys/kernel/debug/tracing/events"));
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final String LADDER = "next rung of the ladder: trace the same boundary with a tracepoint pair (probe.family: Tracepoint,"
            + " e.g. syscalls:sys_enter_X / syscalls:sys_exit_X) or with USDT probes (probe.family: Usdt) in the program";

    private final String node;
    private final Path bpftrace;
    private final String version;
    private final boolean tracefs;
    private final boolean kprobeEvents;
    private final boolean btf;
    private final FentryTrial.Outcome fentry;

    BpftraceCapabilities(String node, Path bpftrace, String version, boolean tracefs, boolean kprobeEvents, boolean btf, FentryTrial.Outcome fentry) {
        this.node = node;
        this.bpftrace = bpftrace;
        this.version = version;
        this.tracefs = tracefs;
        this.kprobeEvents = kprobeEvents;
        this.btf = btf;
        this.fentry = fentry;
    }

    /** Detects everything on this node; takes ~0.1 s (bpftrace --version and one fentry trial load). */
    public static BpftraceCapabilities detect() {
        Path bt = onPath("bpftrace");
        String version = bt == null ? null : version(bt);
        boolean tracefs = TRACEFS.stream().anyMatch(Files::isDirectory);
        boolean kprobes = KPROBE_EVENTS.stream().anyMatch(Files::exists);
        boolean btf = Files.exists(VmlinuxBtf.VMLINUX);
        return new BpftraceCapabilities(hostname(), bt, version, tracefs, kprobes, btf, FentryTrial.run());
    }

    /** Families the bpftrace path can run here: Kprobe, Kfunc, and Uprobe (kept for cross-checking the native engine). */
    public boolean available(ProbeFamily family) {
        return reasons(family).isEmpty();
    }

    /** Why {@code family} cannot run through bpftrace on this node (empty when it can). */
    public List<String> reasons(ProbeFamily family) {
        List<String> why = new ArrayList<>();
        if (bpftrace == null) why.add("bpftrace is not on the PATH");
        else if (version == null) why.add("'" + bpftrace + " --version' did not print a version");
        switch (family) {
            case Kprobe -> {
                if (!tracefs) why.add("tracefs is not mounted (neither /sys/kernel/tracing nor /sys/kernel/debug/tracing), so kprobe_events cannot be used");
                else if (!kprobeEvents) why.add("kprobes are absent: there is no kprobe_events in tracefs (the kernel is built without CONFIG_KPROBES)");
            }
            case Kfunc -> {
                if (!btf) why.add("kfunc needs kernel BTF and there is no " + VmlinuxBtf.VMLINUX);
                else if (!fentry.allowed()) {
                    why.add(fentry.errno() > 0
                            ? "fentry program loads are refused with " + Errno.name(fentry.errno()) + " (" + Errno.meaning(fentry.errno()) + "): " + fentry.detail()
                            : "fentry could not be checked: " + fentry.detail());
                }
            }
            case Uprobe -> {
                if (!Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/type"))) why.add("the uprobe PMU is absent (no CONFIG_UPROBE_EVENTS)");
            }
            default -> why.add(family + " is run by the native engine, not through bpftrace");
        }
        return why;
    }

    /** Throws, with the node, family, causes and the ladder's next rung, unless {@code family} can run here. */
    public void require(ProbeFamily family) throws UnsupportedProbeException {
        List<String> why = reasons(family);
        if (why.isEmpty()) return;
        String ladder = family == ProbeFamily.Uprobe ? "the native engine traces Uprobe without bpftrace" : LADDER;
        throw new UnsupportedProbeException("spec.probe.family: " + family + " cannot run on node " + node + ": " + String.join("; ", why) + "; " + ladder);
    }

    public String node() { return node; }
    public Optional<Path> bpftrace() { return Optional.ofNullable(bpftrace); }
    /** e.g. "0.17.0"; null when bpftrace is missing. */
    public String version() { return version; }
    public boolean kprobeEvents() { return kprobeEvents; }
    public boolean btf() { return btf; }
    /** 0 when fentry loads are allowed, the errno when refused, -1 when not checkable. */
    public int fentryErrno() { return fentry.errno(); }

    @Override
    public String toString() {
        return "bpftrace " + (version == null ? "absent" : version) + " on node " + node + ": kprobe_events " + kprobeEvents + ", BTF " + btf
                + ", fentry " + (fentry.allowed() ? "allowed" : "refused (" + fentry.detail() + (fentry.errno() > 0 ? ": " + Errno.name(fentry.errno()) : "") + ")");
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
            Process p = new ProcessBuilder(bpftrace.toString(), "--version").redirectErrorStream(true).start();
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

    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "(unknown)";
        }
    }
}

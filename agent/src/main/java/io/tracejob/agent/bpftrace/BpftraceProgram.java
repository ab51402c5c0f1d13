package io.tracejob.agent.bpftrace;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A bpftrace program that measures per-call latency of one function into an {@link HdrLayout}
 * counts array ({@code @h[index] = count()}), the in-flight starts ({@code @s[tid] = nsecs}) and
 * the clamped values ({@code @over}). Its text is assembled only from tokens re-checked here
 * ({@link Tokens}) and from integers; no spec string reaches it unchecked. bpftrace prints every
 * map as JSON when it exits (on {@code exit()} after the duration, or on SIGINT/SIGTERM), which is
 * what {@link BpftraceRunner} reads.
 */
public final class BpftraceProgram {
    private final ProbeFamily family;
    private final String attachPoint;
    private final String text;
    private final HdrLayout layout;
    private final Integer pid;

    private BpftraceProgram(
            ProbeFamily family, String attachPoint, String text, HdrLayout layout, Integer pid) {
        this.family = family;
        this.attachPoint = attachPoint;
        this.text = text;
        this.layout = layout;
        this.pid = pid;
    }

    /**
     * From a validated spec: Kprobe and Kfunc (kernel function, optionally only calls made by
     * {@code pid}) and Uprobe (function in {@code probe.binary}; {@code pid} required).
     *
     * @param pid process (tgid) to filter on, or null for every process (kernel families only)
     * @param duration when to exit by itself ({@code interval:s:N}, rounded up to whole seconds),
     *     or null to run until stopped
     */
    public static BpftraceProgram latency(
            Probe probe, Integer pid, HdrLayout layout, Duration duration) {
        Objects.requireNonNull(probe, "probe");
        if (probe.getMeasure() != null && probe.getMeasure() != Measure.Latency) {
            throw new IllegalArgumentException(
                    "spec.probe.measure: the bpftrace path measures Latency only, got "
                            + probe.getMeasure());
        }
        if (probe.getOffset() != null && probe.getOffset() != 0) {
            throw new IllegalArgumentException(
                    "spec.probe.offset: the bpftrace path attaches at the function entry only (a return probe needs the entry), got "
                            + probe.getOffset());
        }
        return render(
                probe.getFamily(), probe.getBinary(), probe.getFunction(), pid, layout, duration);
    }

    /** See {@link #latency}; {@code binary} is used (and required) for Uprobe only. */
    public static BpftraceProgram render(
            ProbeFamily family,
            String binary,
            String function,
            Integer pid,
            HdrLayout layout,
            Duration duration) {
        Objects.requireNonNull(layout, "layout");
        String fn = Tokens.symbol("spec.probe.function", function);
        String entry, exit;
        switch (Objects.requireNonNull(family, "spec.probe.family: missing")) {
            case Kprobe -> {
                entry = "kprobe:" + fn;
                exit = "kretprobe:" + fn;
            }
            case Kfunc -> {
                entry = "kfunc:" + fn;
                exit = "kretfunc:" + fn;
            }
            case Uprobe -> {
                // bpftrace 0.17's -p does not restrict uprobes to the process: the predicate does
                if (pid == null)
                    throw new IllegalArgumentException(
                            "pid: the bpftrace uprobe path needs the target's pid");
                String target = "\"" + Tokens.path("spec.probe.binary", binary) + "\":" + fn;
                entry = "uprobe:" + target;
                exit = "uretprobe:" + target;
            }
            default ->
                    throw new IllegalArgumentException(
                            "spec.probe.family: "
                                    + family
                                    + " is traced by the native engine, not bpftrace");
        }
        if (pid != null && pid <= 0)
            throw new IllegalArgumentException("pid: must be a positive process id, got " + pid);
        String onPid = pid == null ? "" : "pid == " + pid.intValue();

        StringBuilder b = new StringBuilder();
        b.append(entry)
                .append(onPid.isEmpty() ? "" : " /" + onPid + "/")
                .append(" {\n  @s[tid] = nsecs;\n}\n");
        b.append(exit)
                .append(" /")
                .append(onPid.isEmpty() ? "" : onPid + " && ")
                .append("@s[tid]/ {\n");
        b.append("  $v = (int64)(nsecs - @s[tid]);\n");
        b.append("  delete(@s[tid]);\n");
        b.append(HdrIndexCode.emit(layout, "  "));
        b.append("  @h[$i] = count();\n}\n");
        appendDuration(b, duration);
        return new BpftraceProgram(family, entry, b.toString(), layout, pid);
    }

    /**
     * Buckets the first argument of a user function instead of a latency: the same index code on
     * values a test chooses, to prove bucket-for-bucket parity with {@link HdrLayout#index}.
     */
    static BpftraceProgram argumentValues(
            String binary, String function, int pid, HdrLayout layout) {
        String target =
                "\"" + Tokens.path("binary", binary) + "\":" + Tokens.symbol("function", function);
        if (pid <= 0)
            throw new IllegalArgumentException("pid: must be a positive process id, got " + pid);
        String text =
                "uprobe:"
                        + target
                        + " /pid == "
                        + pid
                        + "/ {\n  $v = (int64)arg0;\n"
                        + HdrIndexCode.emit(layout, "  ")
                        + "  @h[$i] = count();\n}\n";
        return new BpftraceProgram(ProbeFamily.Uprobe, "uprobe:" + target, text, layout, pid);
    }

    private static void appendDuration(StringBuilder b, Duration d) {
        if (d == null) return;
        if (d.isNegative() || d.isZero())
            throw new IllegalArgumentException("duration: must be positive, got " + d);
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        b.append("interval:s:").append(s).append(" {\n  exit();\n}\n");
    }

    public ProbeFamily family() {
        return family;
    }

    /** The entry probe as bpftrace names it, e.g. {@code kprobe:vfs_read}. */
    public String attachPoint() {
        return attachPoint;
    }

    public String text() {
        return text;
    }

    public HdrLayout layout() {
        return layout;
    }

    public OptionalInt pid() {
        return pid == null ? OptionalInt.empty() : OptionalInt.of(pid);
    }

    @Override
    public String toString() {
        return text;
    }
}

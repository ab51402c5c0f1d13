package io.tracejob.operator.plugin.render;

import io.fabric8.kubernetes.api.model.Condition;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.api.v1alpha1.report.AsciiHistogram;
import io.tracejob.api.v1alpha1.report.ValueUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code kubectl tracejob show}: a finished TraceJob as a person on call reads it — phase and
 * conditions, target and why it was chosen, percentiles, the histogram, cost and what was missed.
 */
public final class JobReport {
    private JobReport() {}

    /** Rows the histogram is kept within when no resolution is asked for. */
    public static final int READABLE_ROWS = 24;

    public static final int BAR_WIDTH = 40;

    /**
     * @param rowsPerDoubling histogram rows per power of two; 0 picks the finest that keeps it
     *     within {@value #READABLE_ROWS} rows
     */
    public static String render(TraceJob job, Result r, int rowsPerDoubling) {
        TraceJobSpec spec = job.getSpec();
        TraceJobStatus status = job.getStatus();
        ValueUnit unit = Figures.unitOf(spec);
        StringBuilder out = new StringBuilder();
        out.append("TraceJob   ").append(name(job)).append("  ").append(status.getPhase());
        if (status.getStartTime() != null)
            out.append("  ")
                    .append(status.getStartTime())
                    .append(" to ")
                    .append(Figures.orDash(status.getCompletionTime()));
        out.append('\n');
        if (spec != null && spec.getProbe() != null)
            out.append("probe      ").append(probe(spec)).append('\n');
        if (status.getConditions() != null) {
            for (Condition c : status.getConditions()) {
                out.append("condition  ")
                        .append(c.getType())
                        .append('=')
                        .append(c.getStatus())
                        .append(c.getReason() == null ? "" : "  " + c.getReason())
                        .append(c.getMessage() == null ? "" : ": " + c.getMessage())
                        .append('\n');
            }
        }
        out.append('\n')
                .append(SelectionStory.render(status.getTarget(), status.getPerPod(), spec))
                .append('\n')
                .append(PercentileTable.render(r, unit))
                .append('\n');
        if (r.getCount() > 0 && r.getHistogram() != null) {
            Histogram h = r.decodeHistogram();
            int perDoubling =
                    rowsPerDoubling > 0
                            ? rowsPerDoubling
                            : AsciiHistogram.readableRowsPerDoubling(h, READABLE_ROWS);
            out.append("histogram  ")
                    .append(perDoubling)
                    .append(perDoubling == 1 ? " row" : " rows")
                    .append(" per doubling (--buckets N to change)\n")
                    .append(rowsOnly(AsciiHistogram.render(h, BAR_WIDTH, unit, perDoubling)))
                    .append('\n');
        }
        return out.append(CostSection.render(r)).toString();
    }

    /** The rendered rows without the summary below them: the table above already says it. */
    private static String rowsOnly(String rendered) {
        int end = rendered.indexOf("\n\n");
        return end < 0 ? rendered : rendered.substring(0, end + 1);
    }

    static String name(TraceJob job) {
        String ns = job.getMetadata().getNamespace();
        return (ns == null ? "" : ns + "/") + job.getMetadata().getName();
    }

    private static String probe(TraceJobSpec spec) {
        Probe p = spec.getProbe();
        StringBuilder s = new StringBuilder(String.valueOf(p.getFamily()));
        if (p.getBinary() != null) s.append(' ').append(p.getBinary());
        if (p.getFunction() != null) s.append(' ').append(p.getFunction());
        if (p.getUsdt() != null)
            s.append(" usdt ")
                    .append(p.getUsdt().getProvider())
                    .append(':')
                    .append(p.getUsdt().getStart())
                    .append(p.getUsdt().getEnd() == null ? "" : ".." + p.getUsdt().getEnd());
        if (p.getTracepoint() != null)
            s.append(" tracepoints ")
                    .append(p.getTracepoint().getStart())
                    .append("..")
                    .append(p.getTracepoint().getEnd());
        s.append(", measure ").append(p.getMeasure());
        if (spec.getDuration() != null) s.append(", for ").append(spec.getDuration());
        return s.toString();
    }
}

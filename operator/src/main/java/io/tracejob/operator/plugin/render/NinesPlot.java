package io.tracejob.operator.plugin.render;

import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.report.ValueUnit;
import java.util.Locale;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The percentile distribution as latency people read HdrHistogram output: value against percentile
 * on a log "nines" axis (x = log10(1 / (1 - p)): 90% at 1, 99% at 2, 99.9% at 3), as an SVG. The
 * curve runs through HdrHistogram's percentile iteration and through the Result's own percentiles,
 * so what the table says is on the line.
 */
public final class NinesPlot {
    private NinesPlot() {}

    static final int WIDTH = 800, HEIGHT = 480, LEFT = 90, RIGHT = 30, TOP = 50, BOTTOM = 60;

    public static String svg(TraceJob job, Result r) {
        if (r.getCount() == 0 || r.getHistogram() == null)
            throw new IllegalStateException("nothing was measured: no distribution to plot");
        Histogram h = r.decodeHistogram();
        ValueUnit unit = Figures.unitOf(job.getSpec());
        TreeMap<Double, Long> points = new TreeMap<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            if (p < 100) points.put(p, v.getValueIteratedTo());
        }
        for (PercentileTable.Level level : PercentileTable.LEVELS)
            points.put(level.percentile(), level.value().applyAsLong(r.getPercentiles()));
        double maxNines = Math.max(4, Math.ceil(nines(points.lastKey())));
        long lowest = points.values().stream().mapToLong(Long::longValue).min().orElse(1);
        long highest = points.values().stream().mapToLong(Long::longValue).max().orElse(1);
        Scale scale = new Scale(maxNines, decadeAtOrBelow(lowest), decadeAbove(highest));

        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<title>")
                .append(xml(JobReport.name(job)))
                .append(" latency by percentile</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(
                text(
                        LEFT,
                        25,
                        "start",
                        15,
                        JobReport.name(job)
                                + ": "
                                + r.getCount()
                                + " calls, max "
                                + unit.format(r.getMaxNanos())));
        for (int n = 0; n <= maxNines; n++) {
            double p = n == 0 ? 0 : 100 * (1 - Math.pow(10, -n));
            xTick(s, scale, p);
        }
        xTick(s, scale, 50);
        for (long v = scale.bottom(); v <= scale.top(); v *= 10) {
            double y = scale.y(v);
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#ddd\"/>\n",
                            LEFT,
                            y,
                            WIDTH - RIGHT,
                            y));
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<text class=\"ytick\" data-value=\"%d\" x=\"%d\" y=\"%.2f\""
                                    + " text-anchor=\"end\">%s</text>\n",
                            v,
                            LEFT - 6,
                            y + 4,
                            xml(unit.format(v))));
            if (v > Long.MAX_VALUE / 10) break;
        }
        s.append(
                text(
                        WIDTH / 2,
                        HEIGHT - 15,
                        "middle",
                        12,
                        "percentile (log scale of nines); value on a log scale"));
        s.append(
                "<polyline id=\"curve\" fill=\"none\" stroke=\"#1f6fb4\" stroke-width=\"2\" points=\"");
        points.forEach(
                (p, v) ->
                        s.append(String.format(Locale.ROOT, "%.2f,%.2f ", scale.x(p), scale.y(v))));
        s.append("\"/>\n");
        for (PercentileTable.Level level : PercentileTable.LEVELS) {
            long v = level.value().applyAsLong(r.getPercentiles());
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<circle class=\"percentile\" data-percentile=\"%s\" cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"#c0392b\"><title>%s %s</title></circle>\n",
                            level.percentile(),
                            scale.x(level.percentile()),
                            scale.y(v),
                            level.label(),
                            xml(unit.format(v))));
        }
        return s.append("</svg>\n").toString();
    }

    static double nines(double percentile) {
        return Math.log10(1 / (1 - percentile / 100));
    }

    private static void xTick(StringBuilder s, Scale scale, double p) {
        double x = scale.x(p);
        s.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
                        x,
                        TOP,
                        x,
                        HEIGHT - BOTTOM));
        String label = (p == Math.rint(p) ? Long.toString((long) p) : stripZeros(p)) + "%";
        s.append(
                String.format(
                        Locale.ROOT,
                        "<text class=\"xtick\" data-percentile=\"%s\" x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                        p,
                        x,
                        HEIGHT - BOTTOM + 18,
                        label));
    }

    private static String stripZeros(double p) {
        return String.format(Locale.ROOT, "%.6f", p).replaceAll("0+$", "");
    }

    /** The power of ten at or below {@code v} (1 for 0). */
    static long decadeAtOrBelow(long v) {
        long d = 1;
        while (d <= v / 10) d *= 10;
        return d;
    }

    /** The power of ten above {@code v}: the top of the value axis. */
    static long decadeAbove(long v) {
        long d = decadeAtOrBelow(v);
        return d > Long.MAX_VALUE / 10 ? d : d * 10;
    }

    private static String text(int x, int y, String anchor, int size, String words) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
                x,
                y,
                anchor,
                size,
                xml(words));
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** x: nines of the percentile; y: log10 of the value, from one decade to another. */
    private record Scale(double maxNines, long bottom, long top) {
        double x(double percentile) {
            return LEFT + (WIDTH - LEFT - RIGHT) * nines(percentile) / maxNines;
        }

        double y(long value) {
            double span = Math.log10(top) - Math.log10(bottom);
            double at = Math.log10(Math.max(value, bottom)) - Math.log10(bottom);
            return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * at / span;
        }
    }
}

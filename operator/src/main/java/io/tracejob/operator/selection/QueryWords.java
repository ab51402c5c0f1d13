package io.tracejob.operator.selection;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words for the selectedBy sentence derived from the PromQL text: "p99" and "0.72 s" rather than
 * raw numbers.
 */
final class QueryWords {
    private QueryWords() {}

    private static final Pattern QUANTILE =
            Pattern.compile("histogram_quantile\\s*\\(\\s*(0?\\.[0-9]+|1(?:\\.0*)?)");

    static String what(String query) {
        Matcher m = QUANTILE.matcher(query);
        if (!m.find()) return "value";
        double q = Double.parseDouble(m.group(1)) * 100;
        String digits =
                q == Math.rint(q)
                        ? String.valueOf((long) q)
                        : String.valueOf(q).replaceAll("0+$", "");
        return "p" + digits;
    }

    static String value(String query, double v) {
        String number = significant(v);
        return query.contains("_seconds") ? number + " s" : number;
    }

    static String significant(double v) {
        if (v == 0 || Double.isInfinite(v)) return String.valueOf(v);
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) return s;
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}

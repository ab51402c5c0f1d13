package io.tracejob.operator.plugin.render;

/**
 * Values as one line of block characters, lowest to highest over the values' own range; a missing
 * value (a run without a figure) is a dot.
 */
public final class Sparkline {
    private Sparkline() {}

    static final String BLOCKS = "▁▂▃▄▅▆▇█";

    public static String of(Long[] values) {
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (Long v : values) {
            if (v == null) continue;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        StringBuilder s = new StringBuilder();
        for (Long v : values) {
            if (v == null) s.append('·');
            else if (max == min) s.append(BLOCKS.charAt(BLOCKS.length() / 2));
            else
                s.append(
                        BLOCKS.charAt(
                                (int)
                                        ((v - min) * (BLOCKS.length() - 1) / (double) (max - min)
                                                + 0.5)));
        }
        return s.toString();
    }
}

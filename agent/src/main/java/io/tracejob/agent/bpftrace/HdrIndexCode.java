package io.tracejob.agent.bpftrace;

import io.tracejob.agent.histogram.HdrLayout;

/**
 * bpftrace statements that compute {@link HdrLayout#index} of {@code $v} into {@code $i}, so that
 * bpftrace's map holds exactly the counts array the native engine fills. Uses only what bpftrace
 * 0.17 has: scratch variables, if blocks, {@code << >> + -} and comparisons. floor(log2 v) is an
 * unrolled binary search (six tests) since 0.17 has no loop-free log2 on a variable. {@code $v}
 * must be a signed int64: a negative value (a u64 above 2^63) clamps like any value beyond the
 * array, and is counted in {@code @over}. Scratch variables are only used inside the block that
 * sets them, which keeps the code valid under newer bpftrace's block scoping.
 */
final class HdrIndexCode {
    private HdrIndexCode() {}

    static String emit(HdrLayout layout, String indent) {
        int h = layout.subBucketHalfCountMagnitude();
        long subBucketCount = layout.subBucketCount();
        long halfCount = subBucketCount / 2;
        int last = layout.length() - 1;
        String i1 = indent + "  ";
        StringBuilder b = new StringBuilder();
        b.append(indent).append("$i = $v;\n");
        b.append(indent).append("if ($v >= ").append(subBucketCount).append(") {\n");
        b.append(i1).append("$x = $v;\n");
        b.append(i1).append("$p = 0;\n");
        for (int s = 32; s >= 1; s >>= 1) {
            b.append(i1)
                    .append("if ($x >= ")
                    .append(1L << s)
                    .append(") { $p = $p + ")
                    .append(s)
                    .append("; $x = $x >> ")
                    .append(s)
                    .append("; }\n");
        }
        b.append(i1).append("$b = $p - ").append(h).append(";\n");
        b.append(i1)
                .append("$i = (($b + 1) << ")
                .append(h)
                .append(") + ($v >> $b) - ")
                .append(halfCount)
                .append(";\n");
        b.append(indent).append("}\n");
        b.append(indent)
                .append("if ($i < 0 || $i > ")
                .append(last)
                .append(") { $i = ")
                .append(last)
                .append("; @over = count(); }\n");
        return b.toString();
    }
}

package io.tracejob.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The target's own timing of every call: {@code inside} the body and {@code around} the call (traps
 * included). Recorded into HdrHistograms with the agent's precision, so bucket rounding is the same
 * on both sides.
 */
record Truth(Histogram inside, Histogram around, long calls) {
    static Truth read(Path file, int significantDigits) throws IOException {
        Histogram in = new Histogram(1, 3_600_000_000_000L, significantDigits);
        Histogram ar = new Histogram(1, 3_600_000_000_000L, significantDigits);
        List<String> lines = Files.readAllLines(file);
        for (String l : lines) {
            String[] f = l.split(" ");
            in.recordValue(Long.parseLong(f[0]));
            ar.recordValue(Long.parseLong(f[1]));
        }
        return new Truth(in, ar, lines.size());
    }
}

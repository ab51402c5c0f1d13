package io.tracejob.api.v1alpha1.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HgrmWriterTest {
    @Test
    void writesPercentileDistributionInMicroseconds(@TempDir Path dir) throws Exception {
        Histogram h = new Histogram(1, AsciiHistogramTest.ONE_HOUR_NANOS, 2);
        for (long v : AsciiHistogramTest.longTail(new SplittableRandom(5), 50_000))
            h.recordValue(v);
        Path out = dir.resolve("sub/latency.hgrm");
        HgrmWriter.write(h, out);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo(HgrmWriter.HEADER);
        assertThat(lines.get(1).trim())
                .startsWith("Value")
                .contains("Percentile")
                .contains("TotalCount");
        // data lines: value(µs) percentile totalCount 1/(1-p)
        String lastData =
                lines.stream()
                        .filter(l -> l.trim().matches("^[0-9.]+\\s+1\\.0+\\s+\\d+.*"))
                        .reduce((a, b) -> b)
                        .orElseThrow();
        String[] cols = lastData.trim().split("\\s+");
        assertThat(Double.parseDouble(cols[0]))
                .isCloseTo(h.getMaxValue() / 1000.0, within(0.005) /* printed with 2 decimals */);
        assertThat(Long.parseLong(cols[2])).isEqualTo(h.getTotalCount());
        // the median line agrees with the histogram, in µs
        String median =
                lines.stream()
                        .filter(l -> l.trim().matches("^[0-9.]+\\s+0\\.50+\\s+.*"))
                        .findFirst()
                        .orElseThrow();
        assertThat(Double.parseDouble(median.trim().split("\\s+")[0]))
                .isCloseTo(
                        h.getValueAtPercentile(50) / 1000.0,
                        within(0.005) /* printed with 2 decimals */);
        assertThat(lines).anyMatch(l -> l.startsWith("#[Max"));
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out); // no temp file left behind
        }
    }
}

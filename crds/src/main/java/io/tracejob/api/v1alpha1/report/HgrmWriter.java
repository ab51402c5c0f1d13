package io.tracejob.api.v1alpha1.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.HdrHistogram.Histogram;

/**
 * Writes HdrHistogram's percentile distribution ({@code .hgrm}, as read by the HdrHistogram
 * plotter) of a nanosecond histogram, scaled so the Value column reads in microseconds.
 */
public final class HgrmWriter {
    private HgrmWriter() {}

    /** Nanoseconds per output unit: values are divided by this, so they read in microseconds. */
    public static final double NANOS_PER_MICRO = 1000.0;

    public static final String HEADER =
            "# TraceJob latency distribution: Value column in microseconds (recorded in nanoseconds, divided by 1000)";

    /** The header line, then HdrHistogram's own percentile distribution of {@code h}. */
    public static void print(Histogram h, PrintStream out) {
        out.println(HEADER);
        h.outputPercentileDistribution(out, NANOS_PER_MICRO);
    }

    /** Writes to a sibling temp file and moves it into place, so readers never see half a file. */
    public static void write(Histogram h, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                    PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8)) {
                print(h, ps);
                ps.flush();
                if (ps.checkError())
                    throw new IOException("writing percentile distribution to " + tmp + " failed");
            }
            Files.move(
                    tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

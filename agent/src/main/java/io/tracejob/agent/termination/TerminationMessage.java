package io.tracejob.agent.termination;

import io.tracejob.api.v1alpha1.IntervalSnapshot;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The Result as the container's termination message, which the kubelet truncates at 4096 bytes — a
 * truncated JSON would be unreadable for the operator. When the Result is larger it is degraded in
 * this order, each step only if the previous one was not enough:
 *
 * <ol>
 *   <li>intervals: the oldest dropped first, as few as needed; then all of them
 *   <li>histogram precision: re-encoded at 2, then 1 significant digit(s); then the histogram
 *       dropped
 *   <li>warnings: each cut to {@value #WARNING_CUT} characters; then dropped, the last first
 *   <li>attachPoint cut; and only as a last resort, message cut (never dropped)
 * </ol>
 *
 * count, min, max, mean, percentiles, stopReason, inFlight, overhead and processesTraced are never
 * touched. A warning saying what was given up is added as the last warning; it is never dropped.
 */
public final class TerminationMessage {
    /** Below this a Result's fixed fields (percentiles, overhead …) might not fit at all. */
    static final int MIN_LIMIT_BYTES = 1024;

    static final int WARNING_CUT = 160;
    private static final String ELLIPSIS = "…";

    private TerminationMessage() {}

    public static Fitted fit(Result r) {
        return fit(r, TerminationMessageFormat.MAX_BYTES);
    }

    /** Never modifies {@code r}; works on a copy. */
    public static Fitted fit(Result r, int limitBytes) {
        if (limitBytes < MIN_LIMIT_BYTES) {
            throw new IllegalArgumentException(
                    "termination message limit "
                            + limitBytes
                            + " bytes is below the minimum "
                            + MIN_LIMIT_BYTES);
        }
        String original = r.toJson();
        if (utf8Length(original) <= limitBytes) return new Fitted(original, List.of());
        return new Degrader(Result.fromJson(original), limitBytes, utf8Length(original)).run();
    }

    /**
     * Writes the fitted JSON to {@code file}: through a temporary file and an atomic rename, so a
     * reader (or a kill mid-write) never sees half a Result. The kubelet bind-mounts {@code
     * /dev/termination-log} as a single file, and a rename onto a mount point fails (EBUSY); then
     * the ≤ 4 KiB are written in place with one write and an fsync.
     */
    public static Fitted write(Result r, Path file) throws IOException {
        Fitted f = fit(r);
        byte[] bytes = f.json().getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            writeSynced(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (FileSystemException e) {
            // EBUSY renaming onto a bind-mounted file, or no temp file allowed in its directory
            writeSynced(
                    file,
                    bytes,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
        return f;
    }

    private static void writeSynced(Path p, byte[] bytes, StandardOpenOption... options)
            throws IOException {
        try (FileChannel ch = FileChannel.open(p, options)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    /**
     * The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes, never splitting a
     * character.
     */
    static String cutUtf8(String s, int maxBytes) {
        if (utf8Length(s) <= maxBytes) return s;
        CharsetEncoder enc =
                StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE);
        ByteBuffer out = ByteBuffer.allocate(Math.max(0, maxBytes));
        CharBuffer in = CharBuffer.wrap(s);
        enc.encode(in, out, true);
        return s.substring(0, in.position());
    }

    /** One degradation run on a private copy of the Result. */
    private static final class Degrader {
        private final Result r;
        private final int limit;
        private final List<String> steps = new ArrayList<>();
        private final List<String> userWarnings;
        private final int originalBytes;

        Degrader(Result copy, int limit, int originalBytes) {
            this.r = copy;
            this.limit = limit;
            this.originalBytes = originalBytes;
            this.userWarnings =
                    copy.getWarnings() == null
                            ? new ArrayList<>()
                            : new ArrayList<>(copy.getWarnings());
        }

        Fitted run() {
            if (dropIntervals()
                    || reducePrecision()
                    || shortenWarnings()
                    || cutAttachPoint()
                    || cutMessage()) return done();
            throw new IllegalStateException(
                    "result does not fit "
                            + limit
                            + " bytes even with every optional field dropped ("
                            + utf8Length(json())
                            + " bytes)");
        }

        private boolean dropIntervals() {
            List<IntervalSnapshot> all = r.getIntervals();
            if (all == null || all.isEmpty()) return false;
            int n = all.size();
            // binary search the fewest oldest intervals to drop; size shrinks monotonically with
            // each drop
            int lo = 1, hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (fitsWithIntervals(all, mid, n)) hi = mid;
                else lo = mid + 1;
            }
            if (lo < n && fitsWithIntervals(all, lo, n)) {
                applyIntervals(all, lo, n);
                return true;
            }
            applyIntervals(all, n, n);
            return fits();
        }

        private boolean fitsWithIntervals(List<IntervalSnapshot> all, int dropped, int n) {
            applyIntervals(all, dropped, n);
            boolean ok = fits();
            steps.remove(steps.size() - 1);
            return ok;
        }

        private void applyIntervals(List<IntervalSnapshot> all, int dropped, int n) {
            r.setIntervals(dropped == n ? null : new ArrayList<>(all.subList(dropped, n)));
            steps.add(
                    dropped == n
                            ? "intervals: dropped all " + n
                            : "intervals: dropped the oldest " + dropped + " of " + n);
        }

        private boolean reducePrecision() {
            if (r.getHistogram() == null) return false;
            Histogram h = r.decodeHistogram();
            int original =
                    r.getSignificantDigits() > 0
                            ? r.getSignificantDigits()
                            : h.getNumberOfSignificantValueDigits();
            for (int digits = Math.min(2, original - 1); digits >= 1; digits--) {
                r.setHistogram(Result.encodeHistogram(HistogramPrecision.reduce(h, digits)));
                r.setSignificantDigits(digits);
                steps.add(
                        "histogram: re-encoded at "
                                + digits
                                + " significant digit"
                                + (digits == 1 ? "" : "s")
                                + " (was "
                                + original
                                + "; percentiles keep "
                                + original
                                + ")");
                if (fits()) return true;
            }
            r.setHistogram(null);
            r.setSignificantDigits(original);
            steps.add("histogram: dropped (percentiles kept)");
            return fits();
        }

        private boolean shortenWarnings() {
            if (userWarnings.isEmpty()) return false;
            boolean cut = false;
            for (int i = 0; i < userWarnings.size(); i++) {
                String w = userWarnings.get(i);
                if (w != null && w.length() > WARNING_CUT) {
                    userWarnings.set(i, w.substring(0, WARNING_CUT - 1) + ELLIPSIS);
                    cut = true;
                }
            }
            if (cut) {
                steps.add("warnings: each cut to " + WARNING_CUT + " characters");
                if (fits()) return true;
            }
            int n = userWarnings.size();
            int dropped = 0;
            steps.add("");
            while (!userWarnings.isEmpty()) {
                userWarnings.remove(userWarnings.size() - 1);
                dropped++;
                steps.set(steps.size() - 1, "warnings: dropped the last " + dropped + " of " + n);
                if (fits()) return true;
            }
            return false;
        }

        private boolean cutAttachPoint() {
            String a = r.getAttachPoint();
            if (a == null || a.length() <= 64) return false;
            r.setAttachPoint(a.substring(0, 63) + ELLIPSIS);
            steps.add("attachPoint: cut to 64 characters");
            return fits();
        }

        private boolean cutMessage() {
            String m = r.getMessage();
            if (m == null || m.isEmpty()) return false;
            steps.add("message: cut");
            int over = utf8Length(json()) - limit;
            int keep = Math.max(0, utf8Length(m) - over - 8);
            for (int attempt = 0; attempt < 8; attempt++) {
                String cut = cutUtf8(m, keep) + ELLIPSIS;
                r.setMessage(cut);
                steps.set(
                        steps.size() - 1,
                        "message: cut to " + cut.length() + " of " + m.length() + " characters");
                if (fits()) return true;
                keep = Math.max(0, keep - (utf8Length(json()) - limit) - 8);
            }
            return fits();
        }

        private boolean fits() {
            return utf8Length(json()) <= limit;
        }

        private String json() {
            List<String> w = new ArrayList<>(userWarnings);
            w.add(summary());
            r.setWarnings(w);
            return r.toJson();
        }

        private String summary() {
            return "result cut to fit the "
                    + limit
                    + "-byte termination message (was "
                    + originalBytes
                    + " bytes): "
                    + String.join("; ", steps);
        }

        private Fitted done() {
            return new Fitted(json(), steps);
        }
    }
}

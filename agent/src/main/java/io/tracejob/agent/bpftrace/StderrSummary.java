package io.tracejob.agent.bpftrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** bpftrace's stderr reduced to the one line that says what went wrong. */
final class StderrSummary {
    private StderrSummary() {}

    /**
     * The meaningful lines joined with " | ". Dropped: blank lines, WARNINGs, the program lines and
     * the {@code ~~~} underline bpftrace echoes under an error, and the RLIMIT_MEMLOCK complaint
     * bpftrace 0.17 makes whenever it may not raise the limit (harmless: kernels since 5.11 account
     * BPF memory to the cgroup).
     */
    static String oneLine(List<String> stderr, String program) {
        Set<String> source = Set.copyOf(program.strip().lines().map(String::strip).toList());
        List<String> keep = new ArrayList<>();
        for (String raw : stderr) {
            String l = raw.strip();
            if (l.isEmpty()
                    || l.matches("[~^\\s]+")
                    || l.contains("RLIMIT_MEMLOCK")
                    || l.contains("WARNING")
                    || source.contains(l)) continue;
            keep.add(l);
        }
        String s = keep.isEmpty() ? "(bpftrace printed no error)" : String.join(" | ", keep);
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }
}

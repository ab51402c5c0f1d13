package io.tracejob.agent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "Can this kernel do X" has one answer, in {@code capabilities}, which reads the kernel's feature
 * files through the one BTF reader ({@code btf}), the one tracefs locator ({@code tracefs}) and the
 * PMU reader ({@code perf}). A class elsewhere that names one of those files is a second answer
 * that can disagree with the first; compiled constants leave no trace in bytecode that ArchUnit
 * could see, so the sources are read.
 */
class KernelFeatureFilesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/tracejob/agent");
    private static final Pattern FEATURE_FILE =
            Pattern.compile(
                    // a string literal that is such a path (or the one tracefs file name), not a
                    // message that mentions one
                    "\"(/sys/kernel/|/sys/bus/event_source|/proc/config|/boot/config|/proc/sys/kernel/unprivileged_bpf|kprobe_events\")");
    private static final Set<String> READERS = Set.of("capabilities", "btf", "tracefs", "perf");

    @Test
    void onlyTheCapabilityReadersNameKernelFeatureFiles() throws IOException {
        List<String> elsewhere = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f).getName(0).toString();
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*")
                            || line.startsWith("//")
                            || !FEATURE_FILE.matcher(line).find()) continue;
                    found++;
                    if (!READERS.contains(pkg))
                        elsewhere.add(SOURCES.relativize(f) + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertThat(found)
                .as("the scan finds the readers' own paths (else it scans nothing)")
                .isGreaterThanOrEqualTo(3);
        assertThat(elsewhere).as("kernel feature files named outside " + READERS).isEmpty();
    }
}

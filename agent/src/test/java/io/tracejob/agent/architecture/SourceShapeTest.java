package io.tracejob.agent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two promises of the architecture pass, kept for the whole repository (the agent's tests run from
 * {@code agent/}, beside {@code crds/} and {@code operator/}): no main source file grows past 400
 * lines, and no class name is used in two packages, so a name found in a stack trace or a review
 * points at one class.
 */
class SourceShapeTest {
    private static final int MAX_LINES = 400;
    private static final List<Path> MAIN_SOURCES =
            Stream.of("crds", "agent", "operator")
                    .map(m -> Path.of("..", m, "src", "main", "java"))
                    .toList();

    @Test
    void noMainSourceFileIsOverFourHundredLines() throws IOException {
        List<String> long_ = new ArrayList<>();
        for (Path f : javaFiles()) {
            long lines;
            try (Stream<String> s = Files.lines(f)) {
                lines = s.count();
            }
            if (lines > MAX_LINES) long_.add(f + ": " + lines + " lines");
        }
        assertThat(long_).isEmpty();
    }

    @Test
    void noClassNameIsUsedInTwoPackages() throws IOException {
        Map<String, List<String>> byName =
                javaFiles().stream()
                        .filter(f -> !f.getFileName().toString().equals("package-info.java"))
                        .collect(
                                Collectors.groupingBy(
                                        f -> f.getFileName().toString(),
                                        TreeMap::new,
                                        Collectors.mapping(
                                                f -> f.getParent().toString(),
                                                Collectors.toList())));
        assertThat(byName).as("the scan sees the three modules").hasSizeGreaterThan(250);
        assertThat(
                        byName.entrySet().stream()
                                .filter(e -> e.getValue().size() > 1)
                                .map(Map.Entry::toString)
                                .toList())
                .isEmpty();
    }

    private static List<Path> javaFiles() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : MAIN_SOURCES) {
            assertThat(root).as("module sources beside the agent").isDirectory();
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
            }
        }
        return all;
    }
}

package io.tracejob.operator.docs;

import io.tracejob.operator.completion.FailureReasons;
import io.tracejob.operator.testsupport.MockCluster;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/operations.md's troubleshooting table names every condition reason the operator can set: the agent
 * failure reasons ({@link FailureReasons}) and every reason literal passed where a condition is set or a
 * TraceJob is failed or rejected in the operator's sources.
 */
class TroubleshootingTableTest {
    private static final Path ROOT = MockCluster.repoRoot();
    /** Calls whose reason argument is a literal: guards, selection failures, conditions, phase moves, failures. */
    private static final Pattern REASON_CALL = Pattern.compile("new Rejection\\(|new SelectionException\\(|setCondition\\(|moveTo\\(|\\.fail\\(");
    private static final Pattern REASON_LITERAL = Pattern.compile("\"([A-Z][A-Za-z]+)\"");

    @Test
    void everyReasonTheOperatorSetsHasARow() throws IOException {
        String table = Files.readString(ROOT.resolve("docs/operations.md"));
        Set<String> reasons = reasons();
        assertThat(reasons).as("reasons found in the code").hasSizeGreaterThan(30)
                .contains("NoCandidates", "NodeBusy", "PartialResult", "OperatorError", "AgentOOMKilled");
        assertThat(reasons.stream().filter(r -> !table.contains("| `" + r + "` |")).toList())
                .as("reasons missing from docs/operations.md's troubleshooting table").isEmpty();
    }

    static Set<String> reasons() throws IOException {
        Set<String> reasons = new TreeSet<>();
        for (var f : FailureReasons.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    reasons.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        try (Stream<Path> files = Files.walk(ROOT.resolve("operator/src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!REASON_CALL.matcher(line).find()) continue;
                    Matcher m = REASON_LITERAL.matcher(line);
                    while (m.find()) reasons.add(m.group(1));
                }
            }
        }
        reasons.removeAll(NOT_REASONS);
        return reasons;
    }

    /** Literals on those lines that are not reasons (condition types, phases, event types). */
    private static final List<String> NOT_REASONS = Arrays.asList("Normal", "Warning");
}

package io.tracejob.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.testsupport.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md's troubleshooting table names every reason the operator can give, on a
 * condition or an event: the closed list {@link EventReason} (which covers the agent failure
 * reasons, EventReasonTest checks).
 */
class TroubleshootingTableTest {
    private static final Path ROOT = MockCluster.repoRoot();

    @Test
    void everyReasonTheOperatorSetsHasARow() throws IOException {
        String table = Files.readString(ROOT.resolve("docs/operations.md"));
        Set<String> reasons = reasons();
        assertThat(reasons)
                .as("reasons the operator gives")
                .hasSizeGreaterThan(30)
                .contains(
                        "NoCandidates",
                        "NodeBusy",
                        "PartialResult",
                        "OperatorError",
                        "AgentOOMKilled");
        assertThat(reasons.stream().filter(r -> !table.contains("| `" + r + "` |")).toList())
                .as("reasons missing from docs/operations.md's troubleshooting table")
                .isEmpty();
    }

    static Set<String> reasons() {
        return Arrays.stream(EventReason.values())
                .map(EventReason::text)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

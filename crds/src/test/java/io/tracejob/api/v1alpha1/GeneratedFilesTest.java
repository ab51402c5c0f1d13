package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.GeneratedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart's CRDs and docs/api.md are committed; they must equal what the current model
 * generates. Run with -Dtracejob.refresh=true to rewrite them.
 */
class GeneratedFilesTest {

    @Test
    void committedCopiesEqualTheGeneratedOnes() throws IOException {
        Path root = Crds.repoRoot();
        boolean refresh = Boolean.getBoolean("tracejob.refresh");
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> f : GeneratedFiles.all().entrySet()) {
            Path file = root.resolve(f.getKey());
            String committed = Files.exists(file) ? Files.readString(file) : null;
            if (f.getValue().equals(committed)) continue;
            if (refresh) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
            } else {
                stale.add(f.getKey().toString());
            }
        }
        assertThat(stale)
                .as(
                        "these committed files differ from what the model in crds/ generates; refresh them with\n  "
                                + GeneratedFiles.REFRESH
                                + "\nand commit the result")
                .isEmpty();
    }

    @Test
    void helmCopyListsPrinterColumnsInDeclaredOrder() {
        String crd = GeneratedFiles.helmCrd(Crds.TRACEJOB_FILE, TraceJob.class);
        List<Integer> positions = new ArrayList<>();
        for (String name : List.of("Phase", "Pod", "Calls", "P50", "P99", "P99.99", "Age")) {
            positions.add(crd.indexOf("name: " + name + "\n"));
        }
        assertThat(positions).doesNotContain(-1).isSorted();
        String schedule = GeneratedFiles.helmCrd(Crds.TRACESCHEDULE_FILE, TraceSchedule.class);
        positions.clear();
        for (String name :
                List.of("Schedule", "Suspend", "Last run", "Last P99", "Vs median", "Age")) {
            positions.add(schedule.indexOf("name: " + name + "\n"));
        }
        assertThat(positions).doesNotContain(-1).isSorted();
    }
}

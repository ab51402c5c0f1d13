package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.Examples;
import io.tracejob.api.v1alpha1.testsupport.SchemaChecker;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest in docs/examples and docs/playbook passes the CRD schema (with its CEL rules) and
 * SpecValidator.
 */
class ExamplesTest {

    static List<Path> examples() {
        return java.util.stream.Stream.concat(Examples.all().stream(), Examples.playbook().stream())
                .toList();
    }

    @Test
    void theSeedCasesAreAllThere() {
        assertThat(Examples.all())
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "match-order-uprobe.yaml",
                        "postgres-query-usdt.yaml",
                        "libssl-ssl-read.yaml",
                        "block-io-tracepoints.yaml",
                        "tcp-srtt-value.yaml");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void passesSchemaAndValidator(Path file) throws IOException {
        JsonNode tree = Crds.YAML.readTree(file.toFile());
        String kind = tree.path("kind").asText();
        if (kind.equals("TraceJob")) {
            assertThat(SchemaChecker.check(Crds.traceJobSchema(), tree))
                    .as(file.toString())
                    .isEmpty();
            TraceJob job = Manifests.readTraceJob(file);
            assertThat(SpecValidator.validate(job.getSpec())).as(file.toString()).isEmpty();
        } else {
            assertThat(kind).isEqualTo("TraceSchedule");
            assertThat(SchemaChecker.check(Crds.traceScheduleSchema(), tree))
                    .as(file.toString())
                    .isEmpty();
            TraceSchedule schedule = Manifests.readTraceSchedule(file);
            assertThat(SpecValidator.validate(schedule.getSpec())).as(file.toString()).isEmpty();
        }
    }

    /**
     * The tracepoint fields the examples name exist in this kernel's formats (skipped without
     * tracefs).
     */
    @Test
    void tracepointFieldsExistInTheKernelFormats() throws IOException {
        Path events = Path.of("/sys/kernel/tracing/events");
        Assumptions.assumeTrue(
                Files.isReadable(events.resolve("block/block_rq_issue/format")),
                "tracefs not readable");
        TracepointPair block =
                Manifests.readTraceJob(Examples.file("block-io-tracepoints.yaml"))
                        .getSpec()
                        .getProbe()
                        .getTracepoint();
        for (String tp : List.of(block.getStart(), block.getEnd())) {
            assertThat(Files.readString(events.resolve(tp.replace(':', '/')).resolve("format")))
                    .as(tp)
                    .containsPattern("field:[^;]* " + block.getKey() + ";");
        }
        Probe srtt =
                Manifests.readTraceJob(Examples.file("tcp-srtt-value.yaml")).getSpec().getProbe();
        assertThat(
                        Files.readString(
                                events.resolve(srtt.getTracepoint().getStart().replace(':', '/'))
                                        .resolve("format")))
                .containsPattern("field:[^;]* " + srtt.getValueField() + ";");
    }

    @Test
    void examplesSayWhatTheIssueAsks() throws IOException {
        TraceJob uprobe = Manifests.readTraceJob(Examples.file("match-order-uprobe.yaml"));
        assertThat(uprobe.getSpec().getProbe().getFunction()).isEqualTo("match_order");
        assertThat(uprobe.getSpec().getProbe().getBinary()).isEqualTo("/app/match-engine");

        TraceJob pg = Manifests.readTraceJob(Examples.file("postgres-query-usdt.yaml"));
        assertThat(pg.getSpec().getProbe().getUsdt().getStart()).isEqualTo("query__start");
        assertThat(pg.getSpec().getProbe().getUsdt().getEnd()).isEqualTo("query__done");

        TraceJob block = Manifests.readTraceJob(Examples.file("block-io-tracepoints.yaml"));
        assertThat(block.getSpec().getProbe().getTracepoint().getKey()).isEqualTo("sector");

        TraceJob srtt = Manifests.readTraceJob(Examples.file("tcp-srtt-value.yaml"));
        assertThat(srtt.getSpec().getProbe().getMeasure()).isEqualTo(Measure.Value);
        assertThat(srtt.getSpec().getProbe().getValueField()).isEqualTo("srtt");
    }
}

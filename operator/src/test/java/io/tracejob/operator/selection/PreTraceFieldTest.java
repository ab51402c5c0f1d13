package io.tracejob.operator.selection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.ProbeRanking;
import io.tracejob.api.v1alpha1.SlowestBy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PreTraceFieldTest {
    private static PodTarget pod(String name) {
        return new PodTarget(name, "shop", "node-1", "uid-" + name, "app", "containerd://" + name);
    }

    private static final List<PodTarget> SEVEN =
            IntStream.rangeClosed(1, 7).mapToObj(i -> pod("shop-" + i)).toList();

    private static List<String> names(PreTraceField.Field f) {
        return f.measured().stream().map(PodTarget::pod).toList();
    }

    private static SlowestBy probeAsking(int maxCandidates) {
        SlowestBy by = new SlowestBy();
        by.setProbe(new ProbeRanking());
        by.getProbe().setMaxCandidates(maxCandidates);
        return by;
    }

    @Test
    void theJobAsksTheOperatorCaps() {
        assertThat(PreTraceField.limit(null, 20))
                .isEqualTo(new PreTraceField.Limit(10, "slowestBy.probe.maxCandidates 10"));
        assertThat(PreTraceField.limit(probeAsking(30), 20))
                .isEqualTo(
                        new PreTraceField.Limit(20, "the operator's max-pre-trace-candidates 20"));
        assertThat(PreTraceField.limit(new SlowestBy(), 5).value()).isEqualTo(5);
    }

    @Test
    void withinTheLimitEveryCandidateIsMeasuredAndNothingIsSaid() {
        var f =
                PreTraceField.narrow(
                        SEVEN, Set.of(), Map.of(), "none", new PreTraceField.Limit(7, "limit 7"));
        assertThat(f.measured()).isEqualTo(SEVEN);
        assertThat(f.note()).isEmpty();
    }

    @Test
    void moreCandidatesAreNarrowedToTheBusiestByCpuAndTheRestNamed() {
        Map<String, Double> cpu =
                Map.of(
                        "shop-1", 0.01, "shop-2", 0.9, "shop-3", 0.3, "shop-4", 0.05, "shop-5", 0.7,
                        "shop-6", 0.02);
        var f =
                PreTraceField.narrow(
                        SEVEN, Set.of(), cpu, null, PreTraceField.limit(probeAsking(3), 10));
        assertThat(names(f)).containsExactly("shop-2", "shop-5", "shop-3");
        assertThat(f.note())
                .isEqualTo(
                        "pre-traced 3 of 7 pods (slowestBy.probe.maxCandidates 3), the busiest by"
                                + " CPU in metrics.k8s.io; not measured: shop-4 (0.05 cores),"
                                + " shop-6 (0.02 cores), shop-1 (0.01 cores), shop-7");
    }

    @Test
    void podsAlreadyPreTracedStaySoALaterPassCannotSwapThem() {
        Map<String, Double> cpu = Map.of("shop-1", 0.01, "shop-2", 0.9, "shop-3", 0.3);
        var f =
                PreTraceField.narrow(
                        SEVEN, Set.of("shop-1"), cpu, null, new PreTraceField.Limit(2, "limit 2"));
        assertThat(names(f)).containsExactly("shop-1", "shop-2");
    }

    @Test
    void withoutCpuFiguresTheFirstByNameAndTheNoteSaysWhy() {
        var f =
                PreTraceField.narrow(
                        SEVEN,
                        Set.of(),
                        Map.of(),
                        "cannot read PodMetrics",
                        PreTraceField.limit(null, 1));
        assertThat(names(f)).containsExactly("shop-1");
        assertThat(f.note())
                .startsWith(
                        "pre-traced 1 of 7 pods (the operator's max-pre-trace-candidates 1), the"
                                + " first by name (no CPU usage to narrow by: cannot read PodMetrics)")
                .endsWith("not measured: shop-2, shop-3, shop-4, shop-5, shop-6 and 1 more");
    }
}

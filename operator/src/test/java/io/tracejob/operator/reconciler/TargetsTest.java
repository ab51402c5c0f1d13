package io.tracejob.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Candidate;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.validation.Rules;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.selection.Selection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TargetsTest {
    private static final PodTarget SLOWEST =
            new PodTarget("shop-0", "trading", "node-1", "uid-0", "app", "containerd://0");

    @Test
    void aSelectorOfHundredsOfPodsKeepsTheSlowestWithinTheCrdsBound() {
        List<Candidate> ranked =
                IntStream.range(0, 300).mapToObj(i -> candidate("shop-" + i, 300 - i)).toList();

        TargetStatus t =
                Targets.toStatus(new Selection(List.of(SLOWEST), ranked, "slowest by CPU"));

        assertThat(t.getCandidates()).hasSize(Rules.CANDIDATES_MAX);
        assertThat(t.getCandidates().get(0).getPod()).isEqualTo("shop-0");
        assertThat(t.getCandidates().get(Rules.CANDIDATES_MAX - 1).getPod())
                .isEqualTo("shop-" + (Rules.CANDIDATES_MAX - 1));
        assertThat(t.getSelectedBy())
                .startsWith("slowest by CPU")
                .contains("slowest " + Rules.CANDIDATES_MAX + " of the 300 ranked pods");
    }

    @Test
    void aShortRankingIsKeptWholeAndTheSentenceAsIs() {
        TargetStatus t =
                Targets.toStatus(
                        new Selection(
                                List.of(SLOWEST),
                                List.of(candidate("shop-0", 2), candidate("shop-1", 1)),
                                "slowest by CPU"));

        assertThat(t.getCandidates())
                .extracting(Candidate::getPod)
                .containsExactly("shop-0", "shop-1");
        assertThat(t.getSelectedBy()).isEqualTo("slowest by CPU");
    }

    private static Candidate candidate(String pod, double value) {
        Candidate c = new Candidate();
        c.setPod(pod);
        c.setValue(value);
        return c;
    }
}

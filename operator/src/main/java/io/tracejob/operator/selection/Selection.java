package io.tracejob.operator.selection;

import io.tracejob.api.v1alpha1.Candidate;
import java.util.List;

/**
 * The pods chosen for tracing.
 *
 * @param targets chosen pods, in the order agents are started
 * @param ranked every candidate with its ranking value, highest first (empty when no ranking was
 *     done)
 * @param selectedBy why, as a sentence for {@code status.target.selectedBy}
 */
public record Selection(List<PodTarget> targets, List<Candidate> ranked, String selectedBy) {
    public Selection {
        targets = List.copyOf(targets);
        ranked = List.copyOf(ranked);
    }
}

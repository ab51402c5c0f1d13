package io.tracejob.operator.selection;

import io.tracejob.api.v1alpha1.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Shared by the Slowest pickers: highest value wins, ties go to the first pod by name. */
public final class Ranking {
    private Ranking() {}

    public interface Sentence {
        String of(PodTarget winner, double value, int podsWithValue);
    }

    public static Selection highest(
            List<PodTarget> candidates, Map<String, Double> byPod, Sentence sentence) {
        List<Candidate> ranked = new ArrayList<>();
        PodTarget winner = null;
        double best = Double.NEGATIVE_INFINITY;
        for (PodTarget c : candidates) {
            Double v = byPod.get(c.pod());
            Candidate cand = new Candidate();
            cand.setPod(c.pod());
            cand.setValue(v);
            ranked.add(cand);
            if (v != null && v > best) {
                best = v;
                winner = c;
            }
        }
        // Highest first; pods without a value last, in name order (the sort is stable).
        ranked.sort(
                Comparator.comparing(
                                (Candidate c) ->
                                        c.getValue() == null
                                                ? Double.NEGATIVE_INFINITY
                                                : c.getValue())
                        .reversed());
        String why = sentence.of(winner, best, byPod.size());
        if (byPod.size() < candidates.size()) {
            why += " (" + (candidates.size() - byPod.size()) + " without a value)";
        }
        return new Selection(List.of(winner), ranked, why);
    }
}

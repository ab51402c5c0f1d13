package io.tracejob.agent.elf;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * "Did you mean" candidates for a misspelled name: substring matches first, then small edit
 * distances.
 */
public final class ClosestNames {
    private ClosestNames() {}

    public static List<String> of(String wanted, Collection<String> names, int limit) {
        String w = wanted.toLowerCase(Locale.ROOT);
        int maxDistance = Math.max(2, w.length() / 3);
        record Scored(String name, int score) {}
        Set<String> unique = new LinkedHashSet<>(names);
        return unique.stream()
                .map(
                        n -> {
                            String l = n.toLowerCase(Locale.ROOT);
                            if (l.equals(w)) return new Scored(n, 0);
                            int d = distance(w, l, maxDistance);
                            if (d <= maxDistance) return new Scored(n, 1 + d);
                            if (w.length() >= 3
                                    && (l.contains(w) || w.contains(l) && l.length() >= 3)) {
                                return new Scored(n, 100 + Math.abs(l.length() - w.length()));
                            }
                            return null;
                        })
                .filter(s -> s != null)
                .sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::name))
                .limit(limit)
                .map(Scored::name)
                .collect(Collectors.toList());
    }

    /**
     * Levenshtein distance, giving up (returning {@code cap + 1}) once it must exceed {@code cap}.
     */
    static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) > cap) return cap + 1;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > cap) return cap + 1;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** "a, b, c" or a fallback text when there is nothing to suggest. */
    public static String describe(List<String> names) {
        return names.isEmpty() ? "no similar names" : "closest: " + String.join(", ", names);
    }
}

package io.tracejob.operator.prometheus;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer of an instant query: its {@code resultType} and, for a vector or a scalar, its samples
 * (a scalar is one sample without labels). The value stays text: "NaN", "+Inf" and a number that
 * does not parse are for the caller to judge.
 */
public record InstantVector(String resultType, List<Sample> samples) {
    public InstantVector {
        samples = List.copyOf(samples);
    }

    /** One series of the answer: its labels and its value as Prometheus wrote it. */
    public record Sample(Map<String, String> labels, String value) {
        public Sample {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }

        /**
         * The value as a number, with Prometheus' spellings of infinity.
         *
         * @throws NumberFormatException when it is not one
         */
        public double number() {
            return switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            };
        }
    }

    public boolean isVector() {
        return "vector".equals(resultType);
    }
}

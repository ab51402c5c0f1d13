package io.tracejob.api.v1alpha1.report;

import io.tracejob.api.v1alpha1.HumanDuration;

/** How a histogram's integer values read: durations in nanoseconds, or plain counts/sizes. */
public enum ValueUnit {
    /** Nanoseconds, shown in the largest readable unit ({@code 4.1µs}). */
    NANOS {
        @Override
        public String format(long value) {
            return HumanDuration.format(value);
        }
    },
    /** Plain integers, shown exactly. */
    PLAIN {
        @Override
        public String format(long value) {
            return Long.toString(value);
        }
    };

    public abstract String format(long value);
}

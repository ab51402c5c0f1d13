package io.tracejob.api.v1alpha1.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A spec broke one or more rules; the message names every field and rule on one line. */
public class InvalidSpecException extends Exception {
    private final List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        super(
                "invalid TraceJob spec: "
                        + violations.stream()
                                .map(Violation::toString)
                                .collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> getViolations() {
        return violations;
    }
}

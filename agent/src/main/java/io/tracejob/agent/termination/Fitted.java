package io.tracejob.agent.termination;

import java.util.List;

/**
 * A Result's JSON cut to fit the termination message.
 *
 * @param json the JSON to write; at most the limit in UTF-8 bytes
 * @param degradations what was given up, in the order it was given up; empty when the Result fitted
 *     as it was
 */
public record Fitted(String json, List<String> degradations) {
    public Fitted {
        degradations = List.copyOf(degradations);
    }

    public int bytes() {
        return TerminationMessage.utf8Length(json);
    }
}

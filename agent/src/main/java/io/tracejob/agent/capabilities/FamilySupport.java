package io.tracejob.agent.capabilities;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Whether a probe family works on this node.
 *
 * @param reason why not, in the node's own terms (null when available)
 * @param suggestion the next rung of the escalation ladder when not available
 * @param checked what was checked, in order, with what was found
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"available", "reason", "suggestion", "checked"})
public record FamilySupport(
        boolean available, String reason, String suggestion, List<String> checked) {
    public FamilySupport {
        checked = List.copyOf(checked);
    }

    static FamilySupport yes(List<String> checked) {
        return new FamilySupport(true, null, null, checked);
    }

    static FamilySupport no(String reason, String suggestion, List<String> checked) {
        return new FamilySupport(false, reason, suggestion, checked);
    }
}

package io.tracejob.agent.safety;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The node check's answer to "is a return probe safe in a seccomp-filtered process?", with what it
 * saw.
 *
 * @param answer SAFE, UNSAFE, or UNKNOWN when the check could not run (treated as unsafe)
 * @param finding what the check observed, in words
 * @param source where this answer comes from: checked by this agent now, or the cache file it was
 *     read from
 */
@JsonPropertyOrder({"answer", "finding", "kernelRelease", "bootId", "checkedAt", "source"})
public record ReturnProbeVerdict(
        Answer answer,
        String finding,
        String kernelRelease,
        String bootId,
        String checkedAt,
        String source) {

    public enum Answer {
        SAFE,
        UNSAFE,
        UNKNOWN
    }

    static final String CHECKED_NOW = "checked by this agent";

    static ReturnProbeVerdict of(Answer answer, String finding, NodeKey node) {
        return new ReturnProbeVerdict(
                answer,
                finding,
                node == null ? null : node.kernelRelease(),
                node == null ? null : node.bootId(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                CHECKED_NOW);
    }

    public boolean safe() {
        return answer == Answer.SAFE;
    }

    ReturnProbeVerdict from(String newSource) {
        return new ReturnProbeVerdict(answer, finding, kernelRelease, bootId, checkedAt, newSource);
    }

    boolean isFor(NodeKey node) {
        return node.bootId().equals(bootId) && node.kernelRelease().equals(kernelRelease);
    }
}

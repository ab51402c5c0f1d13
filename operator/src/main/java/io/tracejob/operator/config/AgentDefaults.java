package io.tracejob.operator.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * Agent pod resources when the installation sets none: the agent is a JVM holding one histogram per
 * probe. The CPU limit is for its start: the JVM needs about 1 s of CPU on two or three threads
 * before its first probe is in, which a 500m limit stretched to 2.3 s and a limit of 2 CPUs lets
 * finish in 0.9 s (docs/benchmarks.md, "Agent start-up in its container"); once tracing, the agent
 * uses a few percent of one core, so the higher limit costs the node little.
 */
final class AgentDefaults {
    private AgentDefaults() {}

    static ResourceRequirements resources() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity("2"))
                .addToLimits("memory", new Quantity("256Mi"))
                .build();
    }
}

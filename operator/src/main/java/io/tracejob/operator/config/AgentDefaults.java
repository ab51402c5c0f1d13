package io.tracejob.operator.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * Agent pod resources when the installation sets none: the agent is a JVM holding one histogram per
 * probe.
 */
final class AgentDefaults {
    private AgentDefaults() {}

    static ResourceRequirements resources() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("256Mi"))
                .build();
    }
}

package io.tracejob.operator.selection;

/**
 * One container of one pod that an agent can trace: everything the agent pod needs to find it on
 * the node.
 */
public record PodTarget(
        String pod,
        String namespace,
        String node,
        String podUid,
        String container,
        String containerId) {}

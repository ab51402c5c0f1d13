package io.tracejob.agent.container;

import java.util.List;

/**
 * The processes of one container on this node.
 *
 * @param pids every tgid in the container's cgroup at scan time, ascending
 * @param cgroupPathMatched the cgroup path (as the agent's cgroup namespace shows it) that
 *     identified the container
 * @param cgroupVersion 1 or 2: the hierarchy of the line that matched (v2 preferred on hybrid
 *     nodes)
 * @param fullId the container's 64-hex id as found in the path (resolves a short id)
 */
public record ContainerMatch(
        List<Integer> pids, String cgroupPathMatched, int cgroupVersion, String fullId) {
    public ContainerMatch {
        pids = List.copyOf(pids);
    }
}

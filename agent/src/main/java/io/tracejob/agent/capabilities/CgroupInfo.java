package io.tracejob.agent.capabilities;

import java.util.List;

/**
 * The cgroup hierarchies mounted, as the agent's mount namespace sees them.
 *
 * @param versions 1 and/or 2
 * @param mode {@code v1}, {@code v2}, {@code hybrid} (v1 controllers plus a v2 hierarchy) or {@code
 *     none}
 * @param mounts e.g. {@code cgroup2 /sys/fs/cgroup/unified}, {@code cgroup /sys/fs/cgroup/pids
 *     (pids)}
 */
public record CgroupInfo(List<Integer> versions, String mode, List<String> mounts) {
    public CgroupInfo {
        versions = List.copyOf(versions);
        mounts = List.copyOf(mounts);
    }
}

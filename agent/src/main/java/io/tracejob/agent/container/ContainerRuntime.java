package io.tracejob.agent.container;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Container runtimes whose cgroup layouts we know, by the prefix the kubelet reports in {@code
 * status.containerStatuses[].containerID} ({@code containerd://…}).
 */
public enum ContainerRuntime {
    CONTAINERD("containerd", "cri-containerd-"),
    CRIO("cri-o", "crio-"),
    DOCKER("docker", "docker-"),
    /**
     * Podman (and so CRI-O's libpod lineage outside Kubernetes): {@code libpod-<id>} under the
     * cgroup parent. Not a kubelet runtime, but a node or a laptop may run the target in podman;
     * the pod component must still match.
     */
    PODMAN("podman", "libpod-");

    /** The URI scheme in the container ID. */
    public final String scheme;

    /**
     * How the runtime names the container's systemd scope when the systemd cgroup driver is used.
     */
    public final String scopePrefix;

    ContainerRuntime(String scheme, String scopePrefix) {
        this.scheme = scheme;
        this.scopePrefix = scopePrefix;
    }

    static ContainerRuntime ofScheme(String scheme) {
        for (ContainerRuntime r : values()) {
            if (r.scheme.equals(scheme)) return r;
        }
        return null;
    }

    static String schemes() {
        return Arrays.stream(values()).map(r -> r.scheme + "://").collect(Collectors.joining(", "));
    }
}

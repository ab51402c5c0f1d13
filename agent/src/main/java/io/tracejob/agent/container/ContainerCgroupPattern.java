package io.tracejob.agent.container;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises a container's cgroup path in the shapes the runtimes and cgroup drivers produce:
 *
 * <ul>
 *   <li>cgroupfs driver: {@code /kubepods/burstable/pod<uid>/<id>} (containerd, cri-dockerd),
 *       {@code …/pod<uid>/crio-<id>} (CRI-O)
 *   <li>systemd driver: {@code
 *       /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice/} {@code
 *       cri-containerd-<id>.scope} | {@code crio-<id>.scope} | {@code docker-<id>.scope}
 *   <li>podman: {@code <cgroup-parent>/libpod-<id>} (cgroupfs) or {@code libpod-<id>.scope}
 *       (systemd)
 * </ul>
 *
 * A short (docker-style) id matches the full 64-hex id it begins. {@code crio-conmon-<id>.scope}
 * (CRI-O's monitor, not the container) and podman's {@code libpod-conmon-<id>} never match because
 * the part after the prefix must be hex.
 */
final class ContainerCgroupPattern {
    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");

    private final ContainerId id;
    private final PodUid pod;
    private final Pattern podComponent;

    ContainerCgroupPattern(ContainerId id, PodUid pod) {
        this.id = id;
        this.pod = pod;
        this.podComponent =
                Pattern.compile(
                        "(?:.*-)?pod(?:" + pod.value() + "|" + pod.escaped() + ")(?:\\.slice)?");
    }

    enum Verdict {
        NONE,
        OTHER_POD,
        MATCH
    }

    /** What a path says about the container, and the full id it names (for ambiguity checks). */
    record Hit(Verdict verdict, String fullId) {}

    Hit test(String path) {
        String[] parts = path.split("/");
        String fullId = null;
        for (String part : parts) {
            fullId = containerIdIn(part);
            if (fullId != null) break;
        }
        if (fullId == null) return new Hit(Verdict.NONE, null);
        for (String part : parts) {
            if (podComponent.matcher(part).matches()) return new Hit(Verdict.MATCH, fullId);
        }
        return new Hit(Verdict.OTHER_POD, fullId);
    }

    /** The id named by one path component when it is this container's, else null. */
    private String containerIdIn(String component) {
        String prefix = id.runtime().scopePrefix;
        boolean prefixed = component.startsWith(prefix);
        String c = prefixed ? component.substring(prefix.length()) : component;
        if (c.endsWith(".scope")) {
            if (!prefixed) return null; // another runtime's scope, or a systemd service
            c = c.substring(0, c.length() - ".scope".length());
        }
        if (!FULL_ID.matcher(c).matches() && !c.equals(id.hex())) return null;
        return c.startsWith(id.hex()) ? c : null;
    }

    /** The shapes tried, for the not-found message. */
    List<String> describe() {
        String i = id.isFull() ? id.hex() : id.hex() + "…";
        String p = id.runtime().scopePrefix;
        return List.of(
                "…/pod" + pod.value() + "/" + i,
                "…/pod" + pod.value() + "/" + p + i,
                "…pod" + pod.escaped() + ".slice/" + p + i + ".scope");
    }
}

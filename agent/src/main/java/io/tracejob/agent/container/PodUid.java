package io.tracejob.agent.container;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated pod UID (RFC 4122 shape, as {@code metadata.uid}). The cgroupfs driver names the
 * pod's cgroup {@code pod<uid>}; the systemd driver escapes '-' to '_' ({@code
 * kubepods-burstable-pod<uid_with_underscores>.slice}).
 */
public record PodUid(String value) {
    public static final String ARGUMENT = "--pod-uid";
    private static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public static PodUid parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(
                    ARGUMENT
                            + " is required: the pod's metadata.uid (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!UUID.matcher(lower).matches()) {
            throw new IllegalArgumentException(
                    ARGUMENT
                            + " '"
                            + Shown.of(value)
                            + "' is not a UID: expected 8-4-4-4-12 hex digits like 3f2a9c1e-7b4d-4e1a-9c3b-0a1b2c3d4e5f");
        }
        return new PodUid(lower);
    }

    /** As the systemd cgroup driver writes it in slice names. */
    public String escaped() {
        return value.replace('-', '_');
    }
}

package io.tracejob.agent.container;

import java.util.regex.Pattern;

/**
 * A validated container ID as the kubelet reports it: {@code <runtime>://<hex id>}. Docker's short
 * form (12 hex digits) and anything up to the full 64 are accepted; a short form matches cgroups
 * named by the full ID it begins.
 */
public record ContainerId(ContainerRuntime runtime, String hex) {
    public static final String ARGUMENT = "--container-id";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{12,64}");

    public static ContainerId parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(
                    ARGUMENT
                            + " is required: <runtime>://<id>, runtime one of "
                            + ContainerRuntime.schemes());
        }
        String shown = Shown.of(value);
        int sep = value.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException(
                    ARGUMENT
                            + " '"
                            + shown
                            + "' must be <runtime>://<id> with runtime one of "
                            + ContainerRuntime.schemes());
        }
        ContainerRuntime runtime = ContainerRuntime.ofScheme(value.substring(0, sep));
        if (runtime == null) {
            throw new IllegalArgumentException(
                    ARGUMENT
                            + " '"
                            + shown
                            + "': unknown runtime '"
                            + Shown.of(value.substring(0, sep))
                            + "'; must be one of "
                            + ContainerRuntime.schemes());
        }
        String id = value.substring(sep + 3);
        if (!HEX.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    ARGUMENT
                            + " '"
                            + shown
                            + "': the id must be 12 to 64 lower-case hex digits"
                            + " (the full id is 64), got "
                            + id.length()
                            + " characters");
        }
        return new ContainerId(runtime, id);
    }

    public boolean isFull() {
        return hex.length() == 64;
    }

    @Override
    public String toString() {
        return runtime.scheme + "://" + hex;
    }
}

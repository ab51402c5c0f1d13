package io.tracejob.operator.testsupport;

/**
 * How the fake kubelet ends an agent pod. Either the container ran and exited ({@code exitCode},
 * termination {@code message}, container {@code reason}), or the pod never got that far ({@code
 * waitingReason}, or a pod-level {@code podReason} such as Evicted).
 */
public record Termination(
        Integer exitCode,
        String message,
        String containerReason,
        String waitingReason,
        String podReason,
        String podMessage) {

    public static Termination exit(int code, String message) {
        return new Termination(code, message, code == 0 ? "Completed" : "Error", null, null, null);
    }

    public static Termination oomKilled() {
        return new Termination(137, null, "OOMKilled", null, null, null);
    }

    public static Termination imagePull() {
        return new Termination(null, null, null, "ErrImagePull", null, null);
    }

    public static Termination evicted(String message) {
        return new Termination(null, null, null, null, "Evicted", message);
    }

    /**
     * activeDeadlineSeconds reached; {@code message} is what the agent wrote on SIGTERM (null:
     * nothing).
     */
    public static Termination deadline(String message) {
        return new Termination(
                message == null ? 137 : 0,
                message,
                message == null ? "Error" : "Completed",
                null,
                "DeadlineExceeded",
                "Pod was active on the node longer than the specified deadline");
    }

    /** The node never reports on the pod (e.g. the node is gone): status stays empty. */
    public static Termination neverStarts() {
        return new Termination(null, null, null, null, null, null);
    }

    boolean nothingHappens() {
        return exitCode == null && waitingReason == null && podReason == null;
    }

    boolean containerRan() {
        return exitCode != null;
    }
}

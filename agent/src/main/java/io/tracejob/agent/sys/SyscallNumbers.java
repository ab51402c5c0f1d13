package io.tracejob.agent.sys;

/** System call numbers differ per architecture; these are the two we support. */
public record SyscallNumbers(String arch, long bpf, long perfEventOpen) {

    public static SyscallNumbers forArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> new SyscallNumbers("x86_64", 321, 298);
            case "aarch64", "arm64" -> new SyscallNumbers("aarch64", 280, 241);
            default ->
                    throw new UnsupportedOperationException(
                            "the native probe engine supports x86_64 and aarch64 only;"
                                    + " this JVM reports os.arch="
                                    + osArch
                                    + ", whose bpf/perf_event_open syscall numbers are not known");
        };
    }

    public static SyscallNumbers current() {
        return forArch(System.getProperty("os.arch"));
    }
}

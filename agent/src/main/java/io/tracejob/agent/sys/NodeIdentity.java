package io.tracejob.agent.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which node, kernel and boot the agent runs on, from {@code /proc/sys/kernel}: the name the agent
 * gives the node in its messages, and the key of every per-node answer it caches (a cost or a
 * safety verdict measured on one boot of one kernel is never reused on another). The one place
 * these files are read.
 */
public final class NodeIdentity {
    public static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    public static final Path KERNEL_RELEASE = Path.of("/proc/sys/kernel/osrelease");

    /** a random id the kernel draws at every boot */
    public static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private NodeIdentity() {}

    public static String hostname() {
        return orUnknown(HOSTNAME);
    }

    public static String kernelRelease() {
        return orUnknown(KERNEL_RELEASE);
    }

    public static String bootId() {
        return orUnknown(BOOT_ID);
    }

    /**
     * The file's content without surrounding white space; for callers that must not go on without
     * it.
     */
    public static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    /**
     * The file's content, or "unknown (FILE unreadable)": a message or a report degrades, it does
     * not fail.
     */
    static String orUnknown(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            return "unknown (" + file + " unreadable)";
        }
    }
}

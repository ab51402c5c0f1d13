package io.tracejob.agent.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One boot of one kernel on one node: what a per-node answer is valid for. The boot id changes at every boot
 * (a new kernel, a live-patched one, a rebooted node) and the release names the kernel, so an answer keyed by
 * both is never reused on a kernel that was not checked.
 */
public record NodeKey(String bootId, String kernelRelease) {
    static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

    public static NodeKey current() throws IOException {
        return new NodeKey(Files.readString(BOOT_ID).trim(), Files.readString(OSRELEASE).trim());
    }
}

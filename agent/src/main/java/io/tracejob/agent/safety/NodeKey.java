package io.tracejob.agent.safety;

import io.tracejob.agent.sys.NodeIdentity;
import java.io.IOException;

/**
 * One boot of one kernel on one node: what a per-node answer is valid for. The boot id changes at
 * every boot (a new kernel, a live-patched one, a rebooted node) and the release names the kernel,
 * so an answer keyed by both is never reused on a kernel that was not checked.
 */
public record NodeKey(String bootId, String kernelRelease) {
    public static NodeKey current() throws IOException {
        return new NodeKey(
                NodeIdentity.read(NodeIdentity.BOOT_ID),
                NodeIdentity.read(NodeIdentity.KERNEL_RELEASE));
    }
}

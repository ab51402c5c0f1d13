package io.tracejob.agent.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Whether a file (or directory) on a shared path is this agent's own: owned by its effective uid,
 * writable by no one else, not a symlink. The node caches (measured costs, the seccomp check's
 * answer) are read only from such files, so another user of the node cannot plant a figure that
 * lets a probe in or a budget slip.
 */
public final class OwnFiles {
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private OwnFiles() {}

    public static boolean isOwn(Path p) throws IOException {
        Object owner = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(effectiveUid())) return false;
        Set<PosixFilePermission> perms =
                Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        return perms.stream().noneMatch(WRITABLE_BY_OTHERS::contains);
    }

    /** The effective uid: the owner of every file this agent creates. */
    static Integer effectiveUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:"))
                return Integer.valueOf(line.substring(4).trim().split("\\s+")[1]);
        }
        throw new IOException("/proc/self/status has no Uid line");
    }
}

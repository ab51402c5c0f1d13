package io.tracejob.agent.proc;

/**
 * One line of {@code /proc/<pid>/maps}.
 *
 * @param offset file offset the mapping starts at
 * @param path the mapped file as the target's mount namespace sees it, a pseudo name ({@code
 *     [heap]}), or ""
 */
public record MapEntry(
        long start, long end, String perms, long offset, String dev, long inode, String path) {
    public boolean isFile() {
        return inode != 0 && path.startsWith("/");
    }

    public boolean isExecutable() {
        return perms.length() > 2 && perms.charAt(2) == 'x';
    }

    /**
     * The kernel appends " (deleted)" when the file was replaced (e.g. a package upgrade) after
     * mapping.
     */
    public boolean isDeleted() {
        return path.endsWith(" (deleted)");
    }
}

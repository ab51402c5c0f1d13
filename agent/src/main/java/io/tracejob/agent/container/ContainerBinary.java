package io.tracejob.agent.container;

import java.nio.file.Path;

/**
 * A file of a container, opened from the host through the process's root.
 *
 * @param path host path to open: {@code /proc/<pid>/root/<pathInContainer>}, symlinks already
 *     resolved inside the container's root
 * @param pathInContainer the same file as the container sees it (what {@code /proc/<pid>/maps}
 *     shows)
 * @param verifiedMapped true when the process maps this path and the mapping's {@code dev:inode}
 *     equals the file's; false when the process does not map it (nothing to compare)
 * @param devInode the file's {@code major:minor:inode} as {@code /proc/<pid>/maps} writes it (hex
 *     dev)
 */
public record ContainerBinary(
        Path path, String pathInContainer, boolean verifiedMapped, String devInode) {}

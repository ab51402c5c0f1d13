package io.tracejob.agent.container;

import io.tracejob.agent.proc.MapEntry;
import io.tracejob.agent.proc.ProcMaps;
import io.tracejob.agent.proc.ProcessNotFoundException;
import io.tracejob.agent.sys.NodeIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds a Kubernetes container's processes on this node (the agent runs with hostPID) and opens its
 * files from the host. Everything is read from {@code /proc}; no runtime socket or Kubernetes API
 * is used.
 */
public final class ContainerProcesses {
    private static final Path PROC = Path.of("/proc");
    private static final Pattern LIBRARY_NAME =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    private ContainerProcesses() {}

    /**
     * Every process of the container, by scanning {@code /proc/*}{@code /cgroup}.
     *
     * @param containerIdWithRuntime e.g. {@code containerd://<64 hex>}, {@code cri-o://…}, {@code
     *     docker://…}
     * @param podUid the pod's metadata.uid; the container's cgroup must sit under this pod's
     * @throws IllegalArgumentException an argument is malformed (the message names {@code
     *     --container-id} or {@code --pod-uid})
     * @throws ContainerNotFoundException no process of the container runs on this node
     */
    public static ContainerMatch find(String containerIdWithRuntime, String podUid)
            throws IOException {
        ContainerId id = ContainerId.parse(containerIdWithRuntime);
        PodUid pod = PodUid.parse(podUid);
        ContainerCgroupPattern pattern = new ContainerCgroupPattern(id, pod);

        TreeMap<Integer, CgroupLine> matched = new TreeMap<>();
        Set<String> fullIds = new LinkedHashSet<>();
        Set<String> otherPods = new LinkedHashSet<>();
        int scanned = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path d : dirs) {
                int pid = parsePid(d.getFileName().toString());
                if (pid <= 0) continue;
                String content = readCgroup(pid);
                if (content == null) continue; // exited while we scanned
                scanned++;
                if (!content.contains(id.hex())) continue; // the common case: not parsed at all
                CgroupLine best = null;
                for (CgroupLine line : CgroupLine.parse(content)) {
                    ContainerCgroupPattern.Hit hit = pattern.test(line.path());
                    if (hit.verdict() == ContainerCgroupPattern.Verdict.OTHER_POD)
                        otherPods.add(line.path());
                    if (hit.verdict() != ContainerCgroupPattern.Verdict.MATCH) continue;
                    fullIds.add(hit.fullId());
                    if (best == null || (line.version() == 2 && best.version() == 1)) best = line;
                }
                if (best != null) matched.put(pid, best);
            }
        }
        if (fullIds.size() > 1) {
            throw new IllegalArgumentException(
                    ContainerId.ARGUMENT
                            + " '"
                            + id
                            + "' is ambiguous on node "
                            + NodeIdentity.hostname()
                            + ": it begins "
                            + fullIds.size()
                            + " containers' ids "
                            + fullIds
                            + "; give the full 64-digit id");
        }
        if (matched.isEmpty()) {
            StringBuilder m =
                    new StringBuilder("container ")
                            .append(id)
                            .append(" of pod ")
                            .append(pod.value())
                            .append(" not found on node ")
                            .append(NodeIdentity.hostname())
                            .append(": scanned /proc/<pid>/cgroup of ")
                            .append(scanned)
                            .append(" processes (cgroup v1 and v2 lines) for paths ")
                            .append(String.join(", ", pattern.describe()));
            if (!otherPods.isEmpty()) {
                m.append("; the container id does appear, but not under this pod's cgroup: ")
                        .append(otherPods.stream().limit(3).toList());
            } else {
                m.append(
                        "; is the pod scheduled on this node, the container running, and the agent run with hostPID?");
            }
            throw new ContainerNotFoundException(m.toString());
        }
        CgroupLine first = matched.firstEntry().getValue();
        return new ContainerMatch(
                new ArrayList<>(matched.keySet()),
                first.path(),
                first.version(),
                fullIds.iterator().next());
    }

    /**
     * A binary of the container as {@code /proc/<pid>/root/<binary>}, symlinks resolved inside the
     * container's root. When the process maps that path (its executable or a library it loaded) the
     * file's {@code dev:inode} must equal the mapping's: otherwise the file on disk is not the one
     * running (replaced after start) and probing it would miss, so that is an error.
     */
    public static ContainerBinary binaryInContainer(int pid, String absoluteBinary)
            throws IOException {
        checkAbsolute(absoluteBinary);
        Path root = PROC.resolve(Integer.toString(pid)).resolve("root");
        if (!Files.exists(root)) throw new ProcessNotFoundException(pid);
        String inContainer = RootedPath.resolve(root, absoluteBinary);
        Path host = root.resolve(inContainer.substring(1));
        if (!Files.isRegularFile(host)) {
            throw new IOException(
                    "spec.probe.binary '"
                            + absoluteBinary
                            + "' in the container of pid "
                            + pid
                            + " is not a regular file");
        }
        long dev = (Long) Files.getAttribute(host, "unix:dev");
        long ino = (Long) Files.getAttribute(host, "unix:ino");
        int major = (int) (((dev >> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
        int minor = (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
        String devInode = String.format("%02x:%02x:%d", major, minor, ino);

        boolean mapped = false;
        List<String> seen = new ArrayList<>();
        for (MapEntry e : ProcMaps.read(pid)) {
            String path =
                    e.isDeleted()
                            ? e.path().substring(0, e.path().length() - " (deleted)".length())
                            : e.path();
            if (e.inode() == 0 || !path.equals(inContainer)) continue;
            int[] mm = parseDev(e.dev());
            if (mm[0] == major && mm[1] == minor && e.inode() == ino && !e.isDeleted()) {
                mapped = true;
            } else {
                seen.add(e.dev() + ":" + e.inode() + (e.isDeleted() ? " (deleted)" : ""));
            }
        }
        if (!mapped && !seen.isEmpty()) {
            throw new IOException(
                    "spec.probe.binary '"
                            + absoluteBinary
                            + "': pid "
                            + pid
                            + " runs a different file than "
                            + host
                            + " (mapped "
                            + seen.get(0)
                            + ", on disk "
                            + devInode
                            + "); the binary was replaced after the process started — restart the container or probe the running copy");
        }
        return new ContainerBinary(host, inContainer, mapped, devInode);
    }

    /**
     * A library the process has loaded, by bare name ({@code libssl.so.3}, {@code libssl.so},
     * {@code libc}), looked up in the process's own maps — so the container's copy, not the host's.
     */
    public static ContainerBinary resolveLibrary(int pid, String bareName) throws IOException {
        if (bareName == null
                || !LIBRARY_NAME.matcher(bareName).matches()
                || bareName.contains("..")) {
            throw new IllegalArgumentException(
                    "library name '"
                            + (bareName == null ? "null" : Shown.of(bareName))
                            + "' must be a bare file name like libssl.so.3 (letters, digits, . _ + -; no '/')");
        }
        Optional<Path> inTarget = ProcMaps.findLibrary(pid, bareName);
        if (inTarget.isEmpty()) {
            throw new NoSuchFileException(
                    bareName,
                    null,
                    "pid "
                            + pid
                            + " has no library '"
                            + bareName
                            + "' mapped (see /proc/"
                            + pid
                            + "/maps); it may load it later — give the absolute path instead");
        }
        return binaryInContainer(pid, inTarget.get().toString());
    }

    private static void checkAbsolute(String p) {
        if (p == null || !p.startsWith("/") || p.indexOf('\0') >= 0 || p.length() > 4096) {
            throw new IllegalArgumentException(
                    "spec.probe.binary '"
                            + (p == null ? "null" : Shown.of(p))
                            + "' must be an absolute path inside the container (at most 4096 characters)");
        }
    }

    private static int[] parseDev(String dev) {
        int c = dev.indexOf(':');
        return new int[] {
            Integer.parseInt(dev.substring(0, c), 16), Integer.parseInt(dev.substring(c + 1), 16)
        };
    }

    private static String readCgroup(int pid) throws IOException {
        try {
            return new String(
                    Files.readAllBytes(PROC.resolve(Integer.toString(pid)).resolve("cgroup")),
                    StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (!Files.exists(PROC.resolve(Integer.toString(pid)))) return null;
            throw e;
        }
    }

    private static int parsePid(String name) {
        if (name.isEmpty() || name.length() > 9) return -1;
        int v = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

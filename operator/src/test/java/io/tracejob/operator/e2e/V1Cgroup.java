package io.tracejob.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real cgroup v1 directory tree made for the test (shaped like a kubelet's, so the agent finds the "container"
 * by its ID and pod UID), removed on close: processes still inside are moved back to the hierarchy's root, then
 * the directories the test created are removed leaf first.
 */
final class V1Cgroup implements AutoCloseable {
    static final Path PIDS = Path.of("/sys/fs/cgroup/pids");

    private final Path hierarchy;
    private final List<Path> created = new ArrayList<>();
    private final Path leaf;

    /** {@code <hierarchy>/<top>/kubepods/besteffort/pod<uid>/<containerHex>} */
    static V1Cgroup forContainer(String top, String podUid, String containerHex) throws IOException {
        return new V1Cgroup(PIDS, top + "/kubepods/besteffort/pod" + podUid + "/" + containerHex);
    }

    V1Cgroup(Path hierarchy, String relative) throws IOException {
        this.hierarchy = hierarchy;
        Path p = hierarchy;
        try {
            for (String part : relative.split("/")) {
                p = p.resolve(part);
                if (!Files.isDirectory(p)) {
                    Files.createDirectory(p);
                    created.add(p);
                }
            }
        } catch (IOException e) {
            removeCreated();
            throw e;
        }
        this.leaf = p;
    }

    void enter(long pid) throws IOException {
        Files.writeString(leaf.resolve("cgroup.procs"), Long.toString(pid));
    }

    List<String> procs() throws IOException {
        return Files.readAllLines(leaf.resolve("cgroup.procs")).stream().filter(s -> !s.isBlank()).toList();
    }

    @Override
    public void close() throws IOException {
        // A process killed just before may take a moment to leave; anything left is moved out.
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> procs().isEmpty());
        } catch (RuntimeException stillThere) {
            for (String pid : procs()) {
                try {
                    Files.writeString(hierarchy.resolve("cgroup.procs"), pid);
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        removeCreated();
    }

    private void removeCreated() throws IOException {
        IOException first = null;
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.delete(created.get(i)); // rmdir of a cgroup directory
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        created.clear();
        if (first != null) throw first;
    }
}

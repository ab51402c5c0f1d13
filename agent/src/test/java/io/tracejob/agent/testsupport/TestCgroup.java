package io.tracejob.agent.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real cgroup directory tree made for a test, removed on close: remaining processes are moved
 * back to the hierarchy's root, then the directories are removed leaf first.
 */
public final class TestCgroup implements AutoCloseable {
    private final Path hierarchy;
    private final List<Path> created = new ArrayList<>();
    private final Path leaf;

    public TestCgroup(Path hierarchy, String relative) throws IOException {
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

    public void enter(long pid) throws IOException {
        Files.writeString(leaf.resolve("cgroup.procs"), Long.toString(pid));
    }

    public List<String> procs() throws IOException {
        return Files.readAllLines(leaf.resolve("cgroup.procs")).stream()
                .filter(s -> !s.isBlank())
                .toList();
    }

    @Override
    public void close() throws IOException {
        // processes killed by the test may take a moment to leave; anything left is moved out
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
                Files.delete(created.get(i)); // rmdir
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        created.clear();
        if (first != null) throw first;
    }
}

package io.tracejob.agent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside another process's root ({@code /proc/<pid>/root}). The kernel would
 * resolve an absolute symlink met there against the agent's own root — the host — so a container
 * could make the agent open a host file. Symlinks are therefore followed here, component by
 * component, with absolute targets re-anchored at the container's root and {@code ..} never leaving
 * it.
 */
final class RootedPath {
    private static final int MAX_LINKS = 40; // as the kernel's MAXSYMLINKS

    private RootedPath() {}

    /** The symlink-free absolute path inside {@code root} that {@code absolute} names. */
    static String resolve(Path root, String absolute) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components(absolute));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!done.isEmpty()) done.remove(done.size() - 1);
                continue;
            }
            done.add(c);
            Path host = root.resolve(String.join("/", done));
            if (Files.isSymbolicLink(host)) {
                if (++links > MAX_LINKS)
                    throw new IOException(
                            "too many symbolic links resolving " + absolute + " in " + root);
                String target = Files.readSymbolicLink(host).toString();
                done.remove(done.size() - 1);
                if (target.startsWith("/")) done.clear();
                List<String> t = components(target);
                for (int i = t.size() - 1; i >= 0; i--) todo.addFirst(t.get(i));
            } else if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(
                        root.resolve(absolute.substring(1)).toString(),
                        null,
                        "no such file in the container's root (missing: /"
                                + String.join("/", done)
                                + ")");
            }
        }
        return "/" + String.join("/", done);
    }

    private static List<String> components(String p) {
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}

package io.tracejob.agent.container;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/<pid>/cgroup}: {@code hierarchy-id:controllers:path}. cgroup v2 is the
 * line {@code 0::/path}; v1 lines name their controllers ({@code 4:memory:/…}, {@code
 * 1:name=systemd:/…}). The path is relative to the reader's cgroup namespace root, so from a
 * namespaced agent it may start with {@code /../..}; matching is therefore by path component, never
 * by prefix.
 */
public record CgroupLine(int hierarchyId, String controllers, String path) {

    public int version() {
        return hierarchyId == 0 && controllers.isEmpty() ? 2 : 1;
    }

    /**
     * Parses a whole {@code /proc/<pid>/cgroup}; malformed lines are skipped (the file is the
     * kernel's, not the user's).
     */
    public static List<CgroupLine> parse(String content) {
        List<CgroupLine> out = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (line.isBlank()) continue;
            // the path may itself contain ':' — split at the first two only
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) continue;
            int id;
            try {
                id = Integer.parseInt(line.substring(0, a));
            } catch (NumberFormatException e) {
                continue;
            }
            out.add(new CgroupLine(id, line.substring(a + 1, b), line.substring(b + 1)));
        }
        return out;
    }
}

package io.tracejob.agent.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines of /proc/self/mountinfo reduced to what the agent needs (where tracefs is, which cgroup
 * hierarchies are mounted): the mount point, fs type and super options.
 */
public record Mounts(List<Mount> all) {
    public record Mount(String point, String fsType, String superOptions) {}

    /**
     * This process's mount namespace; no mounts when mountinfo cannot be read (the callers then
     * fall back).
     */
    public static Mounts ofThisProcess() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return new Mounts(List.of());
        }
    }

    public static Mounts parse(String mountinfo) {
        List<Mount> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
            // (proc(5));
            // optional fields end at " - "
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 1) continue;
            out.add(new Mount(unescape(left[4]), right[0], right.length > 2 ? right[2] : ""));
        }
        return new Mounts(out);
    }

    public List<Mount> ofType(String fsType) {
        return all.stream().filter(m -> m.fsType().equals(fsType)).toList();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException ignored) {
                    // not an escape: keep the backslash
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}

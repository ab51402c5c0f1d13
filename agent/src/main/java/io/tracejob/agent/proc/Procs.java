package io.tracejob.agent.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Process facts from {@code /proc}. Pids are tgids (processes), never thread ids. */
public final class Procs {
    private static final Path PROC = Path.of("/proc");
    private static final int STAT_PPID = 4;
    private static final int STAT_STARTTIME = 22;

    private Procs() {}

    public static boolean exists(int pid) {
        return pid > 0 && Files.exists(PROC.resolve(Integer.toString(pid)).resolve("stat"));
    }

    /**
     * Start time in clock ticks since boot (field 22 of {@code /proc/<pid>/stat}). With the pid it
     * identifies a process across pid reuse.
     */
    public static long startTime(int pid) throws IOException {
        return Long.parseLong(statField(pid, STAT_STARTTIME));
    }

    public static int parent(int pid) throws IOException {
        return Integer.parseInt(statField(pid, STAT_PPID));
    }

    /** The executable as the target's mount namespace names it. */
    public static Path exe(int pid) throws IOException {
        try {
            return Files.readSymbolicLink(PROC.resolve(Integer.toString(pid)).resolve("exe"));
        } catch (NoSuchFileException e) {
            throw new ProcessNotFoundException(pid);
        }
    }

    /**
     * Every live descendant (children, grandchildren, …) of {@code pid}, by one scan of the parent
     * pid of each process in {@code /proc}. A process that exits during the scan is simply missing
     * from the result.
     */
    public static Set<Integer> descendants(int pid) throws IOException {
        Map<Integer, List<Integer>> children = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path d : dirs) {
                int p = parsePid(d.getFileName().toString());
                if (p <= 0 || p == pid) continue;
                String stat = readStat(p);
                if (stat == null) continue;
                children.computeIfAbsent(
                                Integer.parseInt(field(stat, STAT_PPID)), k -> new ArrayList<>())
                        .add(p);
            }
        }
        Set<Integer> out = new LinkedHashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            for (int child : children.getOrDefault(todo.poll(), List.of())) {
                if (out.add(child)) todo.add(child);
            }
        }
        return out;
    }

    /**
     * The CPU that the thread of {@code pid} with the most CPU time so far last ran on (field 39 of
     * its task's stat), or -1 when it cannot be read: where a busy target's probes will fire first.
     */
    public static int busiestThreadCpu(int pid) {
        long most = -1;
        int cpu = -1;
        try (DirectoryStream<Path> tasks =
                Files.newDirectoryStream(PROC.resolve(Integer.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException gone) {
                    continue; // the thread ended between list and read
                }
                long ticks = Long.parseLong(field(stat, 14)) + Long.parseLong(field(stat, 15));
                if (ticks > most) {
                    most = ticks;
                    cpu = Integer.parseInt(field(stat, 39));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return cpu;
    }

    private static String statField(int pid, int field) throws IOException {
        String stat = readStat(pid);
        if (stat == null) throw new ProcessNotFoundException(pid);
        return field(stat, field);
    }

    /**
     * Field {@code n} (1-based, as proc(5) numbers them). The command name (field 2) is in
     * parentheses and may itself contain spaces and ')', so fields are counted from the last ')'.
     */
    static String field(String stat, int n) {
        String rest = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = rest.split(" ");
        return f[n - 3];
    }

    private static String readStat(int pid) throws IOException {
        try {
            return new String(
                    Files.readAllBytes(PROC.resolve(Integer.toString(pid)).resolve("stat")),
                    StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (!Files.exists(PROC.resolve(Integer.toString(pid))))
                return null; // exited between list and read (ESRCH)
            throw e;
        }
    }

    private static int parsePid(String name) {
        int v = 0;
        if (name.isEmpty() || name.length() > 9) return -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

package io.tracejob.agent.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process by pid and start time, so a recycled pid is never mistaken for the process we attached
 * to.
 */
public record ProcessId(int pid, long startTime) {

    /** The live process with this pid now, or null when there is none (or only a zombie). */
    public static ProcessId current(int pid) {
        String stat = stat(pid);
        if (stat == null) return null;
        String[] f = afterComm(stat);
        if (f.length < 20 || "Z".equals(f[0]) || "X".equals(f[0])) return null;
        return new ProcessId(pid, Long.parseLong(f[19]));
    }

    /** True while this very process runs (not exited, not a zombie, pid not reused). */
    public boolean alive() {
        ProcessId now = current(pid);
        return now != null && now.startTime == startTime;
    }

    /** True when this pid names a thread-group leader, i.e. a process rather than a thread. */
    public static boolean isProcess(int pid) {
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
                if (line.startsWith("Tgid:"))
                    return Integer.parseInt(line.substring(5).trim()) == pid;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /**
     * State letter of a process ({@code R}, {@code S}, {@code T} stopped, …), or null when gone.
     */
    public static String state(int pid) {
        String stat = stat(pid);
        return stat == null ? null : afterComm(stat)[0];
    }

    private static String stat(int pid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
    }

    /** Fields after the command name, which may itself contain spaces and parentheses. */
    private static String[] afterComm(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}

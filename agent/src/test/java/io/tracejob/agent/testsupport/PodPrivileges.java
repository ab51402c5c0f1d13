package io.tracejob.agent.testsupport;

import io.tracejob.api.v1alpha1.AgentPrivileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a command the way the operator's agent pod runs the agent: root whose capabilities are only
 * {@link AgentPrivileges#CAPABILITIES} (the list the pod factory grants after dropping ALL). As
 * root, a restricted bounding set is enough: on exec the permitted and effective sets become the
 * bounding set, as the container runtime makes them for a pod's {@code capabilities.add}.
 */
public final class PodPrivileges {
    private PodPrivileges() {}

    /** Bit numbers from linux/capability.h of the capabilities the tests name. */
    public static int bit(String name) {
        return switch (name) {
            case "SYS_PTRACE" -> 19;
            case "SYS_ADMIN" -> 21;
            case "SYS_RESOURCE" -> 24;
            case "PERFMON" -> 38;
            case "BPF" -> 39;
            default -> throw new IllegalArgumentException("no bit known for CAP_" + name);
        };
    }

    /**
     * {@code setpriv} with the pod's set, less {@code without} (to provoke a refusal), before
     * {@code command}.
     */
    public static List<String> command(List<String> without, List<String> command) {
        Kernel.requireCommand("setpriv");
        StringBuilder set = new StringBuilder("-all");
        for (String c : AgentPrivileges.names()) {
            if (!without.contains(c)) set.append(",+").append(c.toLowerCase(Locale.ROOT));
        }
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=" + set));
        cmd.addAll(command);
        return cmd;
    }

    /**
     * The capabilities the pod would have, as a mask, limited to what this (root) process can hand
     * on.
     */
    public static long expectedMask(List<String> without) throws IOException {
        long mask = 0;
        for (String c : AgentPrivileges.names()) if (!without.contains(c)) mask |= 1L << bit(c);
        return mask & bounding();
    }

    /** The effective set of a running process. */
    public static long effective(long pid) throws IOException {
        return field(Path.of("/proc", Long.toString(pid), "status"), "CapEff:");
    }

    static long bounding() throws IOException {
        return field(Path.of("/proc/self/status"), "CapBnd:");
    }

    private static long field(Path status, String name) throws IOException {
        for (String l : Files.readAllLines(status)) {
            if (l.startsWith(name))
                return Long.parseUnsignedLong(l.substring(name.length()).trim(), 16);
        }
        throw new IOException("no " + name + " in " + status);
    }
}

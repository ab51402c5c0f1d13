package io.tracejob.agent.capabilities;

import io.tracejob.agent.btf.VmlinuxBtf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The node facts read from files, each degrading to "unknown" rather than failing the report. */
final class NodeFiles {
    private NodeFiles() {}

    static NodeFiles real() {
        return new NodeFiles();
    }

    String hostname() {
        return orUnknown(Path.of("/proc/sys/kernel/hostname"));
    }

    String kernelVersion() {
        return orUnknown(Path.of("/proc/sys/kernel/osrelease"));
    }

    /** uname -m; /proc/sys/kernel/arch exists since 6.1, older kernels fall back to the JVM's name. */
    String arch() {
        Path p = Path.of("/proc/sys/kernel/arch");
        if (Files.isReadable(p)) return NodeCapabilities.read(p);
        String jvm = System.getProperty("os.arch");
        return switch (jvm) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> jvm;
        };
    }

    Mounts mounts() {
        try {
            return Mounts.parse(Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return new Mounts(java.util.List.of());
        }
    }

    /** Where tracefs is: a tracefs mount from mountinfo, else a candidate directory that has the tracefs layout. */
    Path tracefs(Mounts mounts) {
        for (Mounts.Mount m : mounts.ofType("tracefs")) {
            Path p = Path.of(m.point());
            if (Files.isDirectory(p.resolve("events"))) return p;
        }
        for (Path p : NodeCapabilities.TRACEFS_CANDIDATES) {
            if (Files.isDirectory(p.resolve("events"))) return p;
        }
        return null;
    }

    Integer uprobePmuType() {
        try {
            return Integer.parseInt(Files.readString(NodeCapabilities.UPROBE_PMU.resolve("type")).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    BtfInfo btf() {
        Path p = VmlinuxBtf.VMLINUX;
        if (!Files.isReadable(p)) return new BtfInfo(false, p.toString(), null);
        try {
            return new BtfInfo(true, p.toString(), Files.size(p));
        } catch (IOException e) {
            return new BtfInfo(true, p.toString(), null);
        }
    }

    private static String orUnknown(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "unknown (" + p + " unreadable)";
        }
    }
}

package io.tracejob.agent.capabilities;

import io.tracejob.agent.btf.VmlinuxBtf;
import io.tracejob.agent.sys.NodeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The node facts read from files, each degrading to "unknown" rather than failing the report. */
final class NodeFiles {
    static final Path UPROBE_PMU = Path.of("/sys/bus/event_source/devices/uprobe");

    private NodeFiles() {}

    static NodeFiles real() {
        return new NodeFiles();
    }

    String hostname() {
        return NodeIdentity.hostname();
    }

    String kernelVersion() {
        return NodeIdentity.kernelRelease();
    }

    /**
     * uname -m; /proc/sys/kernel/arch exists since 6.1, older kernels fall back to the JVM's name.
     */
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

    Integer uprobePmuType() {
        try {
            return Integer.parseInt(Files.readString(NodeFiles.UPROBE_PMU.resolve("type")).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    BtfInfo btf() {
        String path = VmlinuxBtf.VMLINUX.toString();
        if (!VmlinuxBtf.present()) return new BtfInfo(false, path, null);
        OptionalLong size = VmlinuxBtf.sizeBytes();
        return new BtfInfo(true, path, size.isPresent() ? size.getAsLong() : null);
    }

    private static String orUnknown(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "unknown (" + p + " unreadable)";
        }
    }
}

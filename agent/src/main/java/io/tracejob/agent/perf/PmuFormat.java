package io.tracejob.agent.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a dynamic PMU's description under /sys/bus/event_source/devices/&lt;pmu&gt;/: its type
 * number and where a format field lives in {@code config} (e.g. {@code retprobe} → {@code
 * config:0}, {@code ref_ctr_offset} → {@code config:32-63}).
 */
final class PmuFormat {
    private PmuFormat() {}

    static final Path DEVICES = Path.of("/sys/bus/event_source/devices");

    static int type(String pmu) throws IOException {
        Path p = DEVICES.resolve(pmu).resolve("type");
        try {
            return Integer.parseInt(Files.readString(p).trim());
        } catch (IOException e) {
            throw new IOException(
                    "cannot read the "
                            + pmu
                            + " PMU type from "
                            + p
                            + " — the kernel lacks the "
                            + pmu
                            + " perf PMU (CONFIG_UPROBE_EVENTS) or sysfs is not mounted",
                    e);
        }
    }

    /**
     * First bit of a format field in {@code config}; fails if the field lives in config1/config2.
     */
    static int configShift(String pmu, String field) throws IOException {
        Path p = DEVICES.resolve(pmu).resolve("format").resolve(field);
        String spec;
        try {
            spec = Files.readString(p).trim();
        } catch (IOException e) {
            throw new IOException(
                    "cannot read "
                            + p
                            + " — this kernel's "
                            + pmu
                            + " PMU has no '"
                            + field
                            + "' field",
                    e);
        }
        return parseConfigShift(spec, p.toString());
    }

    static int parseConfigShift(String spec, String where) {
        if (!spec.startsWith("config:")) {
            throw new IllegalStateException(
                    where + " says '" + spec + "'; expected the field in 'config:<bit>[-<bit>]'");
        }
        String bits = spec.substring("config:".length());
        int dash = bits.indexOf('-');
        return Integer.parseInt(dash < 0 ? bits : bits.substring(0, dash));
    }
}

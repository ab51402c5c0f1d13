package io.tracejob.agent.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a process's memory mappings, e.g. to find which libc a target really loaded. */
public final class ProcMaps {
    private ProcMaps() {}

    public static List<MapEntry> read(int pid) throws IOException {
        String text;
        try {
            text =
                    Files.readString(
                            Path.of("/proc", Integer.toString(pid), "maps"),
                            StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProcessNotFoundException(pid);
        }
        return parse(text);
    }

    static List<MapEntry> parse(String text) {
        List<MapEntry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            // "start-end perms offset dev inode   path" — the path may contain spaces, so split at
            // most 6 ways
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5) continue;
            int dash = f[0].indexOf('-');
            out.add(
                    new MapEntry(
                            Long.parseUnsignedLong(f[0].substring(0, dash), 16),
                            Long.parseUnsignedLong(f[0].substring(dash + 1), 16),
                            f[1],
                            Long.parseUnsignedLong(f[2], 16),
                            f[3],
                            Long.parseLong(f[4]),
                            f.length > 5 ? f[5] : ""));
        }
        return out;
    }

    /**
     * A file mapped by the process whose full path equals {@code nameOrPath} (when it contains '/')
     * or whose base name equals it or extends it by a version ({@code libc.so.6} for {@code
     * libc.so} or {@code libc}; {@code libssl.so.3} for {@code libssl.so}). The path is as the
     * target sees it; from another mount namespace open it through {@link #viaRoot(int, Path)}.
     * Deleted (replaced) files are skipped.
     */
    public static Optional<Path> findLibrary(int pid, String nameOrPath) throws IOException {
        for (MapEntry e : read(pid)) {
            if (!e.isFile() || e.isDeleted()) continue;
            if (matches(e.path(), nameOrPath)) return Optional.of(Path.of(e.path()));
        }
        return Optional.empty();
    }

    static boolean matches(String mapped, String wanted) {
        if (wanted.contains("/")) return mapped.equals(wanted);
        String base = mapped.substring(mapped.lastIndexOf('/') + 1);
        if (base.equals(wanted)) return true;
        // libc → libc.so.6, libc.so → libc.so.6, libssl.so → libssl.so.3; but never libc →
        // libcrypto.so
        return base.startsWith(wanted.endsWith(".") ? wanted : wanted + ".");
    }

    /**
     * The same file reached through the target's root: works when the target runs in another
     * container.
     */
    public static Path viaRoot(int pid, Path pathInTarget) {
        return Path.of("/proc", Integer.toString(pid), "root")
                .resolve(Path.of("/").relativize(pathInTarget.toAbsolutePath()));
    }
}
